using System.Runtime.ExceptionServices;

namespace Ingestion.Testing;

/// <summary>For fixtures that own several things started one after another, some of which may not have started.</summary>
public static class AsyncDisposables
{
    /// <summary>
    /// Disposes each of <paramref name="disposables"/> that is there, in the order given, the rest even when one fails,
    /// so that a failing API host does not leave a cluster or an Azurite running; then rethrows what failed.
    /// </summary>
    public static async ValueTask DisposeInOrderAsync(params IAsyncDisposable?[] disposables)
    {
        List<Exception>? failures = null;
        foreach (var disposable in disposables)
        {
            try
            {
                if (disposable is not null)
                {
                    await disposable.DisposeAsync();
                }
            }
            catch (Exception exception)
            {
                (failures ??= []).Add(exception);
            }
        }

        switch (failures)
        {
            case [var failure]:
                ExceptionDispatchInfo.Throw(failure);
                break;
            case { Count: > 1 }:
                throw new AggregateException(failures);
        }
    }
}
