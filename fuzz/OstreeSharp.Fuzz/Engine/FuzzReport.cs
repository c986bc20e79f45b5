namespace OstreeSharp.Fuzz.Engine;

/// <summary>Outcome of fuzzing one target.</summary>
public sealed class FuzzReport
{
    public required string Target { get; init; }

    public long Executions { get; set; }

    /// <summary>Inputs the target accepted without an exception.</summary>
    public long Accepted { get; set; }

    /// <summary>Inputs rejected with an expected exception.</summary>
    public long Rejected { get; set; }

    public int CorpusSize { get; set; }

    public TimeSpan Elapsed { get; set; }

    public List<Finding> Findings { get; } = [];

    public override string ToString() =>
        $"{Target}: {Executions} execs in {Elapsed.TotalSeconds:F0}s ({Executions / Math.Max(0.001, Elapsed.TotalSeconds):F0}/s), " +
        $"accepted {Accepted}, rejected {Rejected}, corpus {CorpusSize}, findings {Findings.Count}";
}
