namespace Ingestion.Benchmarks;

/// <summary>
/// A user-secrets store of one AppHost run's own, named to the AppHost with Aspire's <c>ASPIRE_USER_SECRETS_ID</c> in
/// place of its project's: the api-key it generates and the dashboard's login token go there, so the developer's own
/// store is neither read nor written, and it is deleted when the run ends.
/// </summary>
public static class AppHostUserSecrets
{
    public const string IdKey = "ASPIRE_USER_SECRETS_ID";

    public static string NewId() => $"ingestion-bench-{Guid.NewGuid():N}";

    /// <summary>Deletes the store's folder, where <c>dotnet user-secrets</c> keeps it (<c>~/.microsoft/usersecrets/ID</c>, or under <c>%APPDATA%</c>).</summary>
    public static void Delete(string id)
    {
        var appData = Environment.GetEnvironmentVariable("APPDATA");
        var root = !string.IsNullOrEmpty(appData)
            ? Path.Combine(appData, "Microsoft", "UserSecrets")
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets");
        var directory = Path.Combine(root, id);
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
