namespace Ingestion.Testing;

/// <summary>
/// One Azurite shared by the tests of an assembly (<c>[assembly: AssemblyFixture(typeof(AzuriteFixture))]</c>) or
/// of a collection. Tests that stop storage should start their own <see cref="AzuriteInstance"/> instead.
/// </summary>
public class AzuriteFixture : IAsyncLifetime
{
    public AzuriteFixture()
        : this(new AzuriteOptions())
    {
    }

    /// <summary>For fixtures that need other options, e.g. <see cref="AzuriteOptions.PersistToDisk"/>.</summary>
    protected AzuriteFixture(AzuriteOptions options) => Azurite = new AzuriteInstance(options);

    public AzuriteInstance Azurite { get; }

    public string ConnectionString => Azurite.ConnectionString;

    public ValueTask InitializeAsync() => new(Azurite.StartAsync(TestContext.Current.CancellationToken));

    public async ValueTask DisposeAsync()
    {
        await Azurite.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
