using Microsoft.Extensions.Options;

namespace Ingestion.SecurityTests;

/// <summary>Why the API refused to start with some settings: the options validation that stopped it.</summary>
internal static class RefusedStart
{
    /// <summary>
    /// Starts the API with <paramref name="settings"/>, which must fail, and answers the validation error that made it
    /// fail (null when none did: the caller's assertion then shows the exception).
    /// </summary>
    public static async Task<(OptionsValidationException? Validation, Exception Exception)> ReasonAsync(Dictionary<string, string?> settings)
    {
        Exception exception = null!;
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await using var api = new ApiFactory(settings);
            api.UseKestrel(0);

            // Every attempt must fail to start.
            exception = Assert.ThrowsAny<Exception>(api.StartServer);

            // WebApplicationFactory can lose the start's own exception in a race: it then reads the server address of
            // the host the failed start already disposed, and throws ObjectDisposedException instead. Then the reason
            // is asked for again.
            if (!Flatten(exception).OfType<ObjectDisposedException>().Any() || Flatten(exception).OfType<OptionsValidationException>().Any())
            {
                break;
            }
        }

        return (Flatten(exception).OfType<OptionsValidationException>().FirstOrDefault(), exception);
    }

    private static IEnumerable<Exception> Flatten(Exception exception)
    {
        yield return exception;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var child in inner.SelectMany(Flatten))
        {
            yield return child;
        }
    }
}
