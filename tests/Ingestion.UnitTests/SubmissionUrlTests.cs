using Ingestion.Networking;
using System.Text.Json;
using Ingestion.Api.Jobs;
using Ingestion.Api.Security;
using Ingestion.Jobs;
using Microsoft.Extensions.Options;

namespace Ingestion.UnitTests;

/// <summary>URLs that name a blocked address literally are refused when the job is submitted, whatever the spelling.</summary>
public class SubmissionUrlTests
{
    private static (JobSpec? Spec, Dictionary<string, string[]> Errors) Parse(string json, OutboundOptions? outbound = null)
    {
        var parser = new JobSpecParser(Options.Create(new JobLimits()), Options.Create(outbound ?? new OutboundOptions()));
        var errors = new ValidationErrors();
        using var document = JsonDocument.Parse(json);
        var spec = parser.Parse(document.RootElement, errors);
        return (spec, errors.ToDictionary());
    }

    public static TheoryData<string> LiteralBlockedUrls =>
    [
        "http://127.0.0.1/", "http://127.0.0.1:8080/x", "http://127.1/", "http://2130706433/", "http://0x7f.1/",
        "http://0x7f000001/", "http://017700000001/", "http://0177.0.0.1/", "http://127.000.000.001/", "http://0/",
        "http://0.0.0.0/", "http://10.0.0.1/", "http://172.16.5.4/", "http://192.168.1.1/", "http://100.64.0.1/",
        "http://169.254.169.254/latest/meta-data/", "https://[::1]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:7f00:1]/",
        "http://[0:0:0:0:0:ffff:127.0.0.1]/", "http://[fe80::1%25eth0]/", "http://[fd00::1]/", "http://[::]/",
        "http://[ff02::1]/", "http://[64:ff9b::a9fe:a9fe]/", "http://127。0。0。1/", "http://127.0.0.1./", "http://224.0.0.1/",
    ];

    [Theory]
    [MemberData(nameof(LiteralBlockedUrls))]
    public void A_url_naming_a_blocked_address_is_refused_naming_the_field(string url)
    {
        var (spec, errors) = Parse($$"""{ "source": { "urls": ["https://ok.example/", {{JsonSerializer.Serialize(url)}}] } }""");

        Assert.Null(spec);
        var message = Assert.Single(Assert.Contains("source.urls[1]", errors));
        Assert.Contains("blocked address", message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_template_whose_pages_name_a_blocked_address_is_refused()
    {
        var (spec, errors) = Parse("""{ "source": { "urlTemplate": "http://10.0.0.{page}/", "pages": { "from": 1, "to": 9 } } }""");

        Assert.Null(spec);
        Assert.Contains("source.urlTemplate", errors);
    }

    [Theory]
    [InlineData("http://localhost/")]
    [InlineData("http://metadata.google.internal/")]
    [InlineData("https://8.8.8.8/")]
    [InlineData("https://[2606:4700:4700::1111]/")]
    public void Host_names_and_public_addresses_are_left_to_the_connect_time_check(string url)
    {
        var (spec, errors) = Parse($$"""{ "source": { "urls": [{{JsonSerializer.Serialize(url)}}] } }""");

        Assert.Empty(errors);
        Assert.NotNull(spec);
    }

    [Fact]
    public void Allowing_private_networks_accepts_loopback()
    {
        var (spec, errors) = Parse("""{ "source": { "urls": ["http://127.0.0.1:5000/a"] } }""", new OutboundOptions { AllowPrivateNetworks = true });

        Assert.Empty(errors);
        Assert.NotNull(spec);
    }

    [Fact]
    public void The_allowlist_accepts_its_networks_only()
    {
        var outbound = new OutboundOptions { AllowedNetworks = ["127.0.0.2"] };

        Assert.Empty(Parse("""{ "source": { "urls": ["http://127.0.0.2:5000/a"] } }""", outbound).Errors);
        Assert.Contains("source.urls[0]", Parse("""{ "source": { "urls": ["http://127.0.0.1:5000/a"] } }""", outbound).Errors);
    }

    [Theory]
    [InlineData("""{ "name": "\ud800", "source": { "urls": ["https://a.example/"] } }""", "name")]
    [InlineData("""{ "source": { "urls": ["https://a.example/\udc00"] } }""", "source.urls[0]")]
    [InlineData("""{ "source": { "urls": ["https://a.example/"] }, "headers": { "X-\ud800\u0041": "v" } }""", "headers")]
    [InlineData("""{ "\ud800": 1 }""", "$")]
    public void A_lone_surrogate_escape_is_an_error_not_an_exception(string json, string field)
    {
        var (spec, errors) = Parse(json);

        Assert.Null(spec);
        Assert.Contains("lone surrogate", Assert.Single(errors[field]), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("file:///etc/passwd", "'file'")]
    [InlineData("ftp://ftp.example/x", "'ftp'")]
    [InlineData("gopher://example.com/", "'gopher'")]
    [InlineData("https://user:pass@example.com/", "credentials")]
    public void Other_schemes_and_credentials_in_urls_are_refused(string url, string reason)
    {
        var (_, errors) = Parse($$"""{ "source": { "urls": [{{JsonSerializer.Serialize(url)}}] } }""");

        Assert.Contains(reason, Assert.Single(errors["source.urls[0]"]), StringComparison.Ordinal);
    }
}
