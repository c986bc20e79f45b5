namespace OstreeSharp.Verification;

/// <summary>The stages of a repository check, in order.</summary>
public enum FsckPhase
{
    /// <summary>Checking that refs point to commits.</summary>
    ValidatingRefs,

    /// <summary>Checking collection refs.</summary>
    ValidatingCollectionRefs,

    /// <summary>Listing commit objects.</summary>
    EnumeratingCommits,

    /// <summary>Re-hashing reachable objects.</summary>
    VerifyingObjects,
}
