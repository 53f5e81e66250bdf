using System.Net;

namespace Ingestion.ApiTests;

/// <summary>The reference page's API key field: it says what goes there rather than showing something that passes for a key.</summary>
[Collection(ApiCollection.Name)]
public sealed class ApiReferenceKeyPlaceholderTests(ApiEnvironment environment)
{
    [Fact]
    public async Task The_reference_page_fills_the_api_key_header_with_a_placeholder_that_says_your_api_key()
    {
        using var client = environment.CreateAnonymousClient();

        using var page = await client.GetAsync(new Uri("/scalar/", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var configuration = html[html.IndexOf("initialize(", StringComparison.Ordinal)..];
        Assert.Contains("\"securitySchemes\":{\"ApiKey\":", configuration, StringComparison.Ordinal);
        Assert.Contains("your API key", System.Text.RegularExpressions.Regex.Unescape(configuration), StringComparison.Ordinal);
    }
}
