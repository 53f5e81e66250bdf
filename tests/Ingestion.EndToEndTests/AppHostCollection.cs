namespace Ingestion.EndToEndTests;

/// <summary>One AppHost for every end-to-end test: starting it takes most of the run.</summary>
[CollectionDefinition(Name)]
public sealed class AppHostCollection : ICollectionFixture<AppHostFixture>
{
    public const string Name = "apphost";
}
