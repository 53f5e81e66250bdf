using System.Net;
using Microsoft.Extensions.Hosting;

namespace Ingestion.ApiTests;

/// <summary>
/// Who may read the API's description: anyone in Development (or wherever Ingestion:Api:ExposeApiReference is true),
/// otherwise only a client with the API key, and the reference page not at all.
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class ApiReferenceAccessTests(ApiEnvironment environment)
{
    [Fact]
    public async Task In_development_the_document_and_the_reference_page_are_open_to_anyone()
    {
        using var client = environment.CreateAnonymousClient();

        using var document = await client.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var page = await client.GetAsync(new Uri("/scalar", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal("application/json", document.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        Assert.Contains("Orleans Ingestion API", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outside_development_the_document_needs_the_api_key_and_there_is_no_reference_page()
    {
        var (host, baseAddress) = await environment.StartApiAsync(Environments.Production, ApiEnvironment.ApiSettings());
        await using var _ = host;
        using var anonymous = new HttpClient { BaseAddress = baseAddress };
        using var withKey = new HttpClient { BaseAddress = baseAddress };
        withKey.DefaultRequestHeaders.Add("X-Api-Key", ApiEnvironment.ApiKey);

        using var refused = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var allowed = await withKey.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var page = await withKey.GetAsync(new Uri("/scalar", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task Outside_development_the_reference_can_be_exposed_by_configuration()
    {
        var settings = ApiEnvironment.ApiSettings();
        settings["Ingestion:Api:ExposeApiReference"] = "true";
        var (host, baseAddress) = await environment.StartApiAsync(Environments.Production, settings);
        await using var _ = host;
        using var anonymous = new HttpClient { BaseAddress = baseAddress };

        using var document = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), TestContext.Current.CancellationToken);
        using var page = await anonymous.GetAsync(new Uri("/scalar", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, document.StatusCode);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
