namespace Ingestion.Jobs;

/// <summary>What a job does when its destination prefix already holds another job's pages or manifest.</summary>
[GenerateSerializer, Alias("Ingestion.IfPrefixExists")]
public enum IfPrefixExists
{
    /// <summary>Refuse the job at submission (409), naming the job that owns the prefix.</summary>
    Fail = 0,

    /// <summary>Remove the owner's page blobs and manifest before writing, and mark that job superseded.</summary>
    Replace = 1,

    /// <summary>Write under a fresh sub-folder of the prefix, <c>v2</c>, <c>v3</c>, ...</summary>
    NewVersion = 2,
}
