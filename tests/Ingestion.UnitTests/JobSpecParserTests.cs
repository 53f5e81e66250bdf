using Ingestion.Api.Jobs;
using Ingestion.Jobs;

namespace Ingestion.UnitTests;

public class JobSpecParserTests
{
    private static readonly Guid JobId = JobSpecParsing.JobId;

    private static (JobSpec? Spec, Dictionary<string, string[]> Errors) Parse(string json, JobLimits? limits = null) =>
        JobSpecParsing.Parse(json, limits);

    [Fact]
    public void The_full_example_spec_is_read_as_written()
    {
        var (spec, errors) = Parse("""
            {
              "name": "optional label",
              "source": { "urlTemplate": "https://api.example.com/items?page={page}", "pages": { "from": 1, "to": 500 } },
              "headers": { "Accept": "application/json" },
              "concurrency": 16,
              "requestTimeoutSeconds": 30,
              "retry": { "maxAttempts": 5, "baseDelaySeconds": 1, "maxDelaySeconds": 300 },
              "destination": { "container": "ingest", "prefix": "example/items" },
              "failure": { "maxFailedPages": 50, "maxFailedFraction": 0.1, "failFast": false }
            }
            """);

        Assert.Empty(errors);
        Assert.NotNull(spec);
        Assert.Equal("optional label", spec.Name);
        Assert.Equal(SourceKind.Range, spec.Source.Kind);
        Assert.Equal(500, spec.Source.KnownPageCount);
        Assert.Equal(JobDefaults.MaxPages, spec.MaxPages);
        Assert.Equal("application/json", spec.Headers["accept"]);
        Assert.Equal(16, spec.Concurrency);
        Assert.Equal(TimeSpan.FromSeconds(30), spec.RequestTimeout);
        Assert.Equal(new RetrySpec { MaxAttempts = 5, BaseDelaySeconds = 1, MaxDelaySeconds = 300 }, spec.Retry);
        Assert.Equal(new DestinationSpec("ingest", "example/items"), spec.Destination);
        Assert.Equal(new FailureSpec { MaxFailedPages = 50, MaxFailedFraction = 0.1, FailFast = false }, spec.Failure);
    }

    [Fact]
    public void Defaults_fill_everything_left_out()
    {
        var (spec, errors) = Parse("""{ "source": { "urls": ["https://a.example/1", "http://b.example/2"] } }""");

        Assert.Empty(errors);
        Assert.NotNull(spec);
        Assert.Null(spec.Name);
        Assert.Equal(SourceKind.List, spec.Source.Kind);
        Assert.Equal("http://b.example/2", spec.Source.UrlOf(2));
        Assert.Empty(spec.Headers);
        Assert.Equal(16, spec.Concurrency);
        Assert.Equal(30, spec.RequestTimeoutSeconds);
        Assert.Equal(new RetrySpec { MaxAttempts = 5, BaseDelaySeconds = 1, MaxDelaySeconds = 300 }, spec.Retry);
        Assert.Equal(new DestinationSpec("ingest", "jobs/{jobId}"), spec.Destination);
        Assert.Equal(new FailureSpec(), spec.Failure);
        Assert.Equal(JobDefaults.MaxPages, spec.MaxPages);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""", "failure": null""")]
    [InlineData(""", "failure": {}""")]
    public void A_failure_budget_left_out_is_the_default(string failure)
    {
        var (spec, errors) = Parse($$"""{ "source": { "urls": ["https://a.example/"] }{{failure}} }""");

        Assert.Empty(errors);
        Assert.Equal(new FailureSpec(), spec!.Failure);
        Assert.Null(spec.Failure.MaxFailedPages);
        Assert.Null(spec.Failure.MaxFailedFraction);
        Assert.True(spec.Failure.FailFast);
    }

    [Fact]
    public void A_failure_budget_may_give_only_some_fields()
    {
        var (spec, errors) = Parse("""{ "source": { "urls": ["https://a.example/"] }, "failure": { "maxFailedFraction": 1 } }""");

        Assert.Empty(errors);
        Assert.Equal(new FailureSpec { MaxFailedFraction = 1 }, spec!.Failure);
    }

    [Fact]
    public void Max_failed_pages_may_not_exceed_the_page_limit()
    {
        var limits = new JobLimits { MaxPagesPerJob = 10 };

        var (atLimit, _) = Parse("""{ "source": { "urls": ["https://a.example/"] }, "failure": { "maxFailedPages": 10 } }""", limits);
        var (overLimit, errors) = Parse("""{ "source": { "urls": ["https://a.example/"] }, "failure": { "maxFailedPages": 11 } }""", limits);

        Assert.Equal(10, atLimit!.Failure.MaxFailedPages);
        Assert.Null(overLimit);
        Assert.Equal(["Must be a whole number from 0 to 10."], errors["failure.maxFailedPages"]);
    }

    [Fact]
    public void A_trailing_slash_on_the_prefix_is_dropped()
    {
        var (spec, _) = Parse("""{ "source": { "urls": ["https://a.example/"] }, "destination": { "prefix": "lake/raw/" } }""");

        Assert.Equal("lake/raw", spec!.Destination.Prefix);
    }

    [Theory]
    [InlineData("""[]""", "$")]
    [InlineData("""{}""", "source")]
    [InlineData("""{ "source": 5 }""", "source")]
    [InlineData("""{ "source": {} }""", "source")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"from":1,"to":2}, "urls": ["https://x.example/"] } }""", "source")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/items", "pages": {"from":1,"to":2} } }""", "source.urlTemplate")]
    [InlineData("""{ "source": { "urlTemplate": "ftp://x.example/{page}", "pages": {"from":1,"to":2} } }""", "source.urlTemplate")]
    [InlineData("""{ "source": { "urlTemplate": "not a url {page}", "pages": {"from":1,"to":2} } }""", "source.urlTemplate")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}" } }""", "source.pages")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"to":2} } }""", "source.pages.from")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"from":"1","to":2} } }""", "source.pages.from")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"from":-1,"to":2} } }""", "source.pages.from")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"from":5,"to":2} } }""", "source.pages.to")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"from":1,"to":1.5} } }""", "source.pages.to")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/{page}", "pages": {"from":1,"to":99999999999} } }""", "source.pages")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/?offset={offset}", "pages": {"from":1,"to":2} } }""", "source.pageSize")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/?offset={offset}", "pages": {"from":1,"to":2}, "pageSize": 0 } }""", "source.pageSize")]
    [InlineData("""{ "source": { "urlTemplate": "https://x.example/?offset={offset}", "pages": {"from":1,"to":2}, "pageSize": "50" } }""", "source.pageSize")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"], "pageSize": 10 } }""", "source.pageSize")]
    [InlineData("""{ "source": { "urls": [] } }""", "source.urls")]
    [InlineData("""{ "source": { "urls": "https://x.example/" } }""", "source.urls")]
    [InlineData("""{ "source": { "urls": ["https://x.example/", 7] } }""", "source.urls[1]")]
    [InlineData("""{ "source": { "urls": ["https://x.example/", "file:///etc/passwd"] } }""", "source.urls[1]")]
    [InlineData("""{ "source": { "urls": ["https://user:pw@x.example/"] } }""", "source.urls[0]")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"], "kind": "range" } }""", "source.kind")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "concurrency": 0 }""", "concurrency")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "concurrency": 257 }""", "concurrency")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "concurrency": "16" }""", "concurrency")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "concurrency": 1e100 }""", "concurrency")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "requestTimeoutSeconds": 0 }""", "requestTimeoutSeconds")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "requestTimeoutSeconds": -3 }""", "requestTimeoutSeconds")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "retry": { "maxAttempts": 0 } }""", "retry.maxAttempts")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "retry": { "baseDelaySeconds": 10, "maxDelaySeconds": 5 } }""", "retry.maxDelaySeconds")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "retry": [] }""", "retry")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "headers": { "Bad Name": "x" } }""", "headers.Bad Name")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "headers": { "X-Evil": "a\r\nHost: y" } }""", "headers.X-Evil")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "headers": { "Host": "y" } }""", "headers.Host")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "headers": { "X-Count": 3 } }""", "headers.X-Count")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "container": "Ingest" } }""", "destination.container")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "container": "ab" } }""", "destination.container")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "container": "a--b" } }""", "destination.container")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "prefix": "/abs" } }""", "destination.prefix")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "prefix": "a/../b" } }""", "destination.prefix")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "prefix": "a\\b" } }""", "destination.prefix")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "destination": { "prefix": "a\u0001b" } }""", "destination.prefix")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "name": 12 }""", "name")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "concurency": 4 }""", "concurency")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "Concurrency": 4 }""", "Concurrency")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": [] }""", "failure")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": true }""", "failure")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedPages": -1 } }""", "failure.maxFailedPages")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedPages": 2.5 } }""", "failure.maxFailedPages")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedPages": "3" } }""", "failure.maxFailedPages")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedPages": 1000001 } }""", "failure.maxFailedPages")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedFraction": -0.1 } }""", "failure.maxFailedFraction")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedFraction": 1.5 } }""", "failure.maxFailedFraction")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailedFraction": "0.1" } }""", "failure.maxFailedFraction")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "failFast": "yes" } }""", "failure.failFast")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "failFast": 1 } }""", "failure.failFast")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "maxFailures": 3 } }""", "failure.maxFailures")]
    [InlineData("""{ "source": { "urls": ["https://x.example/"] }, "failure": { "MaxFailedPages": 3 } }""", "failure.MaxFailedPages")]
    public void Each_bad_field_is_named_by_its_json_path(string json, string path)
    {
        var (spec, errors) = Parse(json);

        Assert.Null(spec);
        Assert.Contains(path, errors.Keys);
        Assert.All(errors[path], message => Assert.False(string.IsNullOrWhiteSpace(message)));
    }

    [Fact]
    public void All_bad_fields_are_reported_at_once()
    {
        var (_, errors) = Parse("""
            { "source": { "urlTemplate": "https://x.example/{page}", "pages": { "from": 1, "to": 0 } },
              "concurrency": 0, "retry": { "maxAttempts": -1 }, "destination": { "container": "X" } }
            """);

        Assert.Equal(
            ["concurrency", "destination.container", "retry.maxAttempts", "source.pages.to"],
            errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_list_longer_than_the_limit_is_refused()
    {
        var urls = string.Join(",", Enumerable.Range(1, 11).Select(i => $"\"https://x.example/{i}\""));

        var (spec, errors) = Parse($$"""{ "source": { "urls": [{{urls}}] } }""", new JobLimits { MaxPagesPerJob = 10 });

        Assert.Null(spec);
        Assert.Contains("source.urls", errors.Keys);
    }

    [Fact]
    public void All_bad_failure_fields_are_reported_at_once()
    {
        var (_, errors) = Parse("""
            { "source": { "urls": ["https://x.example/"] },
              "failure": { "maxFailedPages": -1, "maxFailedFraction": 2, "failFast": "no", "maxFailedPercent": 5 } }
            """);

        Assert.Equal(
            ["failure.failFast", "failure.maxFailedFraction", "failure.maxFailedPages", "failure.maxFailedPercent"],
            errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["Must be a number from 0 to 1."], errors["failure.maxFailedFraction"]);
        Assert.Equal(["Must be true or false."], errors["failure.failFast"]);
    }

    [Fact]
    public void A_misspelt_field_gets_a_suggestion()
    {
        var (_, errors) = Parse("""{ "source": { "urls": ["https://x.example/"] }, "Concurrency": 4 }""");

        Assert.Contains("did you mean 'concurrency'", errors["Concurrency"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void Thousands_of_bad_urls_produce_a_bounded_error_list()
    {
        var urls = string.Join(",", Enumerable.Range(1, 5_000).Select(_ => "\"nope\""));

        var (_, errors) = Parse($$"""{ "source": { "urls": [{{urls}}] } }""");

        Assert.True(errors.Count <= ValidationErrors.MaxErrors + 1);
        Assert.Contains("5000 errors", errors["$"][0], StringComparison.Ordinal);
    }

    [Fact]
    public void An_offset_template_with_a_page_size_is_a_range()
    {
        var (spec, errors) = Parse("""
            { "source": { "urlTemplate": "https://api.example.com/items?offset={offset}&limit={limit}", "pages": { "from": 1, "to": 40 }, "pageSize": 25 } }
            """);

        Assert.Empty(errors);
        Assert.Equal(25, spec!.Source.PageSize);
        Assert.Equal("https://api.example.com/items?offset=975&limit=25", spec.Source.UrlOf(40));
    }
}
