namespace Ingestion.ApiTests.Cli;

/// <summary>A temporary job spec file, deleted on dispose.</summary>
internal sealed class SpecFile(string path) : IDisposable
{
    public string Path { get; } = path;

    public void Dispose() => File.Delete(Path);
}
