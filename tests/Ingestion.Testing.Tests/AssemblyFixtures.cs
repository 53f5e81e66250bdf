using Ingestion.Testing;

// One Azurite for the tests that only read and write; tests that stop storage start their own.
[assembly: AssemblyFixture(typeof(AzuriteFixture))]
