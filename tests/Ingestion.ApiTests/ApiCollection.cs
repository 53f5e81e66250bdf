namespace Ingestion.ApiTests;

/// <summary>One cluster, Azurite, upstream and API for every test of the API and of its clients.</summary>
[CollectionDefinition(Name)]
public sealed class ApiCollection : ICollectionFixture<ApiEnvironment>
{
    public const string Name = "api";
}
