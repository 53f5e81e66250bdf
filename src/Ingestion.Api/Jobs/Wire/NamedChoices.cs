using System.Reflection;
using Ingestion.Api.ApiReference;

namespace Ingestion.Api.Jobs.Wire;

/// <summary>
/// The names a wire record's string property takes (its <see cref="AllowedNamesAttribute"/>, which the OpenAPI
/// document shows as an enum), each the name of a value of <typeparamref name="TEnum"/>.
/// </summary>
internal static class NamedChoices<TEnum> where TEnum : struct, Enum
{
    public static IReadOnlyList<string> Of(Type record, string property) =>
        record.GetProperty(property)?.GetCustomAttribute<AllowedNamesAttribute>()?.Names
            ?? throw new InvalidOperationException($"{record.Name}.{property} lists no allowed names.");

    /// <summary>The value a name stands for, whatever its case; null for a name not allowed.</summary>
    public static TEnum? Parse(Type record, string property, string name) =>
        Of(record, property).FirstOrDefault(allowed => string.Equals(allowed, name, StringComparison.OrdinalIgnoreCase)) is { } known
            ? Enum.Parse<TEnum>(known, ignoreCase: true)
            : null;

    /// <summary>The name of <paramref name="value"/> among the allowed ones, as the wire shows it.</summary>
    public static string NameOf(Type record, string property, TEnum value) =>
        Of(record, property).First(name => Enum.Parse<TEnum>(name, ignoreCase: true).Equals(value));

    /// <summary>"Must be one of ..." for an error.</summary>
    public static string MustBeOneOf(Type record, string property) =>
        $"Must be one of {string.Join(", ", Of(record, property).Select(name => $"\"{name}\""))}.";
}
