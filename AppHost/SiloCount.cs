using Microsoft.Extensions.Configuration;

namespace Ingestion.AppHost;

/// <summary>
/// How many silos the cluster has, locally and deployed: <c>Silos:Count</c>, 1 to 8 (a deployment gives each silo its
/// own port pair, and eight pairs keep them clear of the ports Container Apps reserves).
/// </summary>
public static class SiloCount
{
    public const string SettingName = "Silos:Count";
    public const int Default = 2;
    public const int Max = 8;

    public static int From(IConfiguration configuration)
    {
        var text = configuration[SettingName];
        if (text is null)
        {
            return Default;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var count) && count is >= 1 and <= Max
            ? count
            : throw new InvalidOperationException($"{SettingName} is '{text}': it must be a whole number from 1 to {Max}.");
    }
}
