using Ingestion.Testing;

namespace Ingestion.Testing.Tests;

public sealed class AsyncDisposablesTests
{
    [Fact]
    public async Task Disposes_each_one_that_is_there_in_the_order_given()
    {
        var disposed = new List<string>();

        await AsyncDisposables.DisposeInOrderAsync(new Recorded("api", disposed), null, new Recorded("cluster", disposed));

        Assert.Equal(["api", "cluster"], disposed);
    }

    [Fact]
    public async Task Goes_on_past_a_failure_and_then_throws_it()
    {
        var disposed = new List<string>();

        var thrown = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await AsyncDisposables.DisposeInOrderAsync(new Recorded("api", disposed, fails: true), new Recorded("cluster", disposed)));

        Assert.Equal("api", thrown.Message);
        Assert.Equal(["api", "cluster"], disposed);
    }

    private sealed class Recorded(string name, List<string> disposed, bool fails = false) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            disposed.Add(name);
            return fails ? ValueTask.FromException(new InvalidOperationException(name)) : ValueTask.CompletedTask;
        }
    }
}
