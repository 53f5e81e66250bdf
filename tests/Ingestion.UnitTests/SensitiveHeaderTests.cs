using System.Collections.Immutable;
using System.ComponentModel.DataAnnotations;
using Ingestion.Api.Apis;
using Ingestion.Jobs;

namespace Ingestion.UnitTests;

/// <summary>Which job headers a job view masks: credentials and names that say they carry one, plus configured additions.</summary>
public class SensitiveHeaderTests
{
    [Theory]
    [InlineData("Authorization")]
    [InlineData("authorization")]
    [InlineData("Proxy-Authorization")]
    [InlineData("Cookie")]
    [InlineData("X-Api-Key")]
    [InlineData("Ocp-Apim-Subscription-Key")]
    [InlineData("X-Auth-Token")]
    [InlineData("X-Client-Secret")]
    [InlineData("X-PASSWORD")]
    [InlineData("X-Amz-Signature")]
    [InlineData("X-Authenticated-User")]
    public void A_credential_or_a_header_named_like_one_is_sensitive(string name)
    {
        Assert.True(SensitiveHeaders.Default.IsSensitive(name));
    }

    [Theory]
    [InlineData("Accept")]
    [InlineData("Accept-Language")]
    [InlineData("User-Agent")]
    [InlineData("If-None-Match")]
    [InlineData("X-Request-Id")]
    [InlineData("X-Tenant")]
    public void Other_headers_are_shown(string name)
    {
        Assert.False(SensitiveHeaders.Default.IsSensitive(name));
    }

    [Fact]
    public void A_configured_entry_masks_every_header_whose_name_contains_it_in_any_case()
    {
        var options = new SensitiveHeaderOptions();
        options.SensitiveHeaders.Add("tenant");
        options.SensitiveHeaders.Add("X-Session");

        var sensitive = SensitiveHeaders.From(options);

        Assert.True(sensitive.IsSensitive("X-Tenant"));
        Assert.True(sensitive.IsSensitive("X-TENANT-ID"));
        Assert.True(sensitive.IsSensitive("x-session"));
        Assert.True(sensitive.IsSensitive("Authorization"));
        Assert.False(sensitive.IsSensitive("Accept"));
    }

    [Fact]
    public void A_job_view_masks_sensitive_values_by_the_rules_it_is_given_and_shows_the_others()
    {
        var options = new SensitiveHeaderOptions();
        options.SensitiveHeaders.Add("Tenant");
        var job = JobWithHeaders(new()
        {
            ["Accept"] = "application/json",
            ["Cookie"] = "session=abc",
            ["X-Tenant"] = "contoso",
        });

        var byDefault = Redaction.Redact(job);
        var configured = Redaction.Redact(job, SensitiveHeaders.From(options));

        Assert.Equal("application/json", byDefault.Spec.Headers["Accept"]);
        Assert.Equal(Redaction.Mask, byDefault.Spec.Headers["Cookie"]);
        Assert.Equal("contoso", byDefault.Spec.Headers["X-Tenant"]);
        Assert.Equal(Redaction.Mask, configured.Spec.Headers["X-Tenant"]);
        Assert.Equal("application/json", configured.Spec.Headers["Accept"]);
    }

    [Theory]
    [InlineData("X-Tenant", true)]
    [InlineData("session", true)]
    [InlineData("", false)]
    [InlineData("has space", false)]
    [InlineData("colon:", false)]
    public void A_configured_entry_must_be_a_header_name_or_a_part_of_one(string entry, bool valid)
    {
        var options = new SensitiveHeaderOptions();
        options.SensitiveHeaders.Add(entry);

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), [], validateAllProperties: true));
    }

    private static JobView JobWithHeaders(Dictionary<string, string> headers)
    {
        var destination = new DestinationSpec("ingest", "p");
        return new JobView
        {
            Id = Guid.NewGuid(),
            Status = JobStatus.Running,
            CreatedAt = DateTimeOffset.UnixEpoch,
            Destination = destination,
            ManifestBlob = "p/_manifest.json",
            Pages = new PageCounts(1, 0, 0, 0, 0, 1),
            Spec = new JobSpec
            {
                Source = SourceSpec.List(["https://a.example/"]),
                Headers = ImmutableDictionary.CreateRange(StringComparer.OrdinalIgnoreCase, headers),
                Destination = destination,
            },
        };
    }
}
