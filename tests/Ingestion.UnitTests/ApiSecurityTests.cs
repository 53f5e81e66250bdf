using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using Ingestion.Api.Apis;
using Ingestion.Api.Security;
using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public class ApiSecurityTests
{
    [Theory]
    [InlineData("0123456789abcdef-key", "0123456789abcdef-key", true)]
    [InlineData("0123456789abcdef-key", "0123456789abcdef-kez", false)]
    [InlineData("0123456789abcdef-key", "0123456789ABCDEF-KEY", false)]
    [InlineData("0123456789abcdef-key", "0123456789abcdef-key ", false)]
    [InlineData("0123456789abcdef-key", "0123456789abcdef", false)]
    [InlineData("0123456789abcdef-key", "", false)]
    [InlineData("0123456789abcdef-key", null, false)]
    [InlineData("", "", false)]
    [InlineData("clé-secrète-ünïcode", "clé-secrète-ünïcode", true)]
    public void An_api_key_matches_only_itself(string expected, string? presented, bool matches) =>
        Assert.Equal(matches, ApiKeyAuthenticationHandler.Matches(presented, expected));

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    [InlineData("too-short", false)]
    [InlineData("0123456789abcdef", true)]
    public void The_api_key_option_must_be_set_and_long_enough(string? key, bool valid)
    {
        var options = new ApiKeyOptions { Key = key! };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    [Theory]
    [InlineData(0L, false)]
    [InlineData(1_024L, true)]
    [InlineData(16L * 1024 * 1024, true)]
    [InlineData(2L * 1024 * 1024 * 1024, false)]
    public void The_body_limit_must_be_sensible(long bytes, bool valid)
    {
        var limits = new RequestLimits { MaxRequestBodyBytes = bytes };

        Assert.Equal(valid, Validator.TryValidateObject(limits, new ValidationContext(limits), [], validateAllProperties: true));
    }

    [Fact]
    public void The_secret_header_values_of_a_returned_job_are_redacted_and_the_names_and_other_values_stay()
    {
        var headers = ImmutableDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, new Dictionary<string, string>
        {
            ["Authorization"] = "Bearer secret-token",
            ["X-Api-Key"] = "secret-key",
            ["Accept"] = "application/json",
        });
        var job = new JobView
        {
            Id = Guid.NewGuid(),
            Status = JobStatus.Running,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Destination = new DestinationSpec("ingest", "p"),
            ManifestBlob = "p/_manifest.json",
            Pages = new PageCounts(1, 0, 0, 0, 0, 1),
            Spec = new JobSpec { Source = SourceSpec.List(["https://a.example/"]), Headers = headers, Destination = new DestinationSpec("ingest", "p") },
        };

        var redacted = Redaction.Redact(job);

        Assert.Equal(["Accept", "Authorization", "X-Api-Key"], redacted.Spec.Headers.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Redaction.Mask, redacted.Spec.Headers["X-Api-Key"]);
        Assert.Equal("***", redacted.Spec.Headers["authorization"]);
        Assert.Equal("application/json", redacted.Spec.Headers["Accept"]);
        Assert.Equal("Bearer secret-token", job.Spec.Headers["Authorization"]);
    }
}
