namespace Ingestion.ApiTests;

/// <summary>Job specs in every shape the API accepts, and specs it refuses, by name.</summary>
public static class JobSpecExamples
{
    public static TheoryData<string, string> Accepted => new()
    {
        { "range", """{"name": "items", "source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1, "to": 500}}}""" },
        { "range by offset", """{"source": {"urlTemplate": "https://api.example.com/items?offset={offset}&limit={limit}", "pageSize": 100, "pages": {"from": 1, "to": 50}}}""" },
        { "open-ended range", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "stopWhenEmpty": "/items"}}""" },
        { "open-ended range, empty body", """{"source": {"kind": "range", "urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}}}""" },
        { "total pages from a header", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "totalPages": {"header": "X-Total-Pages"}}}""" },
        { "total pages from the body", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "totalPages": {"jsonPointer": "/total_pages"}}}""" },
        { "total pages from the last link", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "totalPages": {"linkLast": true}}}""" },
        { "total items from a header", """{"source": {"urlTemplate": "https://api.example.com/items?offset={offset}&limit={limit}", "pageSize": 25, "pages": {"from": 1}, "totalItems": {"header": "X-Total-Count"}}}""" },
        { "total items from the body", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pageSize": 25, "pages": {"from": 1}, "totalItems": {"jsonPointer": "/total"}}}""" },
        { "list", """{"source": {"kind": "list", "urls": ["https://api.example.com/a", "https://api.example.com/b"]}}""" },
        { "list in a blob", """{"source": {"urlsBlob": {"container": "lists", "name": "urls.txt"}}}""" },
        { "follow the link header", """{"source": {"url": "https://api.example.com/items", "next": {"linkHeader": true}}}""" },
        { "follow a link in the body", """{"source": {"kind": "follow", "url": "https://api.example.com/items", "next": {"jsonPointer": "/next"}}}""" },
        { "follow a cursor", """{"source": {"url": "https://api.example.com/items", "next": {"cursorPointer": "/meta/cursor", "cursorParam": "cursor"}}}""" },
        {
            "every top-level field",
            """
            {
              "name": "everything",
              "source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1, "to": 10}},
              "headers": {"Accept": "application/json"},
              "concurrency": 4,
              "requestTimeoutSeconds": 12.5,
              "retry": {"maxAttempts": 3, "baseDelaySeconds": 0.5, "maxDelaySeconds": 10},
              "destination": {"container": "ingest", "prefix": "example/items"},
              "failure": {"maxFailedPages": 2, "maxFailedFraction": 0.5, "failFast": false},
              "maxPages": 10,
              "politeness": {"maxRequestsPerSecond": 2.5, "respectRobotsTxt": true},
              "records": {"pointer": "/items", "format": "jsonl.gz", "partitionBy": {"pointer": "/created_at", "granularity": "hour"}, "targetFileMiB": 64, "lineage": true}
            }
            """
        },
        { "records of a page that is the array", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {}}""" },
    };

    public static TheoryData<string, string> Refused => new()
    {
        { "an unknown field", """{"source": {"urls": ["https://api.example.com/a"]}, "concurency": 4}""" },
        { "no source", """{"name": "nothing"}""" },
        { "a number as a string", """{"source": {"urls": ["https://api.example.com/a"]}, "concurrency": "4"}""" },
        { "concurrency out of bounds", """{"source": {"urls": ["https://api.example.com/a"]}, "concurrency": 0}""" },
        { "two kinds of source", """{"source": {"urls": ["https://api.example.com/a"], "url": "https://api.example.com/b", "next": {"linkHeader": true}}}""" },
        { "a kind that disagrees", """{"source": {"kind": "follow", "urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1, "to": 2}}}""" },
        { "a total with a fixed end", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1, "to": 9}, "totalPages": {"header": "X-Total-Pages"}}}""" },
        { "both totals", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pageSize": 5, "pages": {"from": 1}, "totalPages": {"linkLast": true}, "totalItems": {"header": "X-Total-Count"}}}""" },
        { "a total read two ways", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pages": {"from": 1}, "totalPages": {"header": "X-Total-Pages", "jsonPointer": "/pages"}}}""" },
        { "items counted from the last link", """{"source": {"urlTemplate": "https://api.example.com/items?page={page}", "pageSize": 5, "pages": {"from": 1}, "totalItems": {"linkLast": true}}}""" },
        { "a cursor without its parameter", """{"source": {"url": "https://api.example.com/items", "next": {"cursorPointer": "/meta/cursor"}}}""" },
        { "a next page found two ways", """{"source": {"url": "https://api.example.com/items", "next": {"linkHeader": true, "jsonPointer": "/next"}}}""" },
        { "a pointer that is not one", """{"source": {"url": "https://api.example.com/items", "next": {"jsonPointer": "next"}}}""" },
        { "urls inline and in a blob", """{"source": {"urls": ["https://api.example.com/a"], "urlsBlob": {"container": "lists", "name": "urls.txt"}}}""" },
        { "a politeness field misspelt", """{"source": {"urls": ["https://api.example.com/a"]}, "politeness": {"maxRequestPerSecond": 1}}""" },
        { "a records pointer that is not one", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"pointer": "items"}}""" },
        { "an unknown records format", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"format": "csv"}}""" },
        { "a partition without its pointer", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"partitionBy": {"granularity": "day"}}}""" },
        { "a partition by the whole record", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"partitionBy": {"pointer": ""}}}""" },
        { "an unknown granularity", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"partitionBy": {"pointer": "/created_at", "granularity": "week"}}}""" },
        { "record files too large", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"targetFileMiB": 1025}}""" },
        { "a records field misspelt", """{"source": {"urls": ["https://api.example.com/a"]}, "records": {"lineag": true}}""" },
    };
}
