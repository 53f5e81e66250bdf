namespace Ingestion.Testing.Tests;

/// <summary>
/// A throwaway repository root whose <c>node_modules/azurite</c> is a script of the test's choosing, to provoke
/// start failures a real Azurite will not produce on demand.
/// </summary>
internal sealed class FakeAzurite : IDisposable
{
    private FakeAzurite(string root) => Root = root;

    public string Root { get; }

    public string ArgumentsLog => Path.Combine(Root, "arguments.log");

    /// <summary>A root with no <c>node_modules</c> at all.</summary>
    public static FakeAzurite NotInstalled() => new(Directory.CreateTempSubdirectory("fake-repo-").FullName);

    /// <summary>A root whose azurite.js runs <paramref name="script"/>; it may append to <see cref="ArgumentsLog"/>.</summary>
    public static FakeAzurite Running(string script)
    {
        var fake = NotInstalled();
        var directory = Directory.CreateDirectory(Path.Combine(fake.Root, "node_modules", "azurite", "dist", "src"));
        File.WriteAllText(
            Path.Combine(directory.FullName, "azurite.js"),
            $"const log = {System.Text.Json.JsonSerializer.Serialize(fake.ArgumentsLog)};\n{script}");
        return fake;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);
}
