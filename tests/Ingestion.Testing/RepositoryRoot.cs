namespace Ingestion.Testing;

/// <summary>Locates the repository checkout the tests run from.</summary>
public static class RepositoryRoot
{
    private const string SolutionFileName = "Orleans.sln";

    /// <summary>
    /// The directory holding <c>Orleans.sln</c>, found by walking up from <paramref name="startDirectory"/>
    /// (the test's output directory by default).
    /// </summary>
    public static string Find(string? startDirectory = null)
    {
        var start = startDirectory ?? AppContext.BaseDirectory;
        for (var directory = new DirectoryInfo(start); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No {SolutionFileName} found in '{start}' or any directory above it.");
    }
}
