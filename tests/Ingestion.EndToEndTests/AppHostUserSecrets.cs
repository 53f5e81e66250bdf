using System.Text.Json;
using Microsoft.Extensions.Configuration.UserSecrets;

namespace Ingestion.EndToEndTests;

/// <summary>
/// User-secrets stores of the tests' own, in place of the AppHost's (the developer's): Aspire uses the store named by
/// <see cref="IdKey"/> instead of the one of the AppHost project's UserSecretsId, for reading and writing alike.
/// </summary>
internal static class AppHostUserSecrets
{
    /// <summary>Aspire's setting that replaces the AppHost's user-secrets id.</summary>
    public const string IdKey = "ASPIRE_USER_SECRETS_ID";

    public static string NewId() => $"ingestion-tests-{Guid.NewGuid():N}";

    public static string PathOf(string id) => PathHelper.GetSecretsPathFromSecretsId(id);

    /// <summary>What the store holds, flat as the AppHost writes it (<c>"Parameters:api-key": "..."</c>); empty if there is no store.</summary>
    public static Dictionary<string, string> Read(string id)
    {
        var path = PathOf(id);
        return File.Exists(path)
            ? JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? []
            : [];
    }

    /// <summary>Writes a store, as an earlier run or the developer would have left it.</summary>
    public static void Write(string id, IReadOnlyDictionary<string, string> secrets)
    {
        var path = PathOf(id);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, JsonSerializer.Serialize(secrets));
    }

    public static void Delete(string id)
    {
        var directory = Path.GetDirectoryName(PathOf(id))!;
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
