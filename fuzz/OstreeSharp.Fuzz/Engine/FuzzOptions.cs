namespace OstreeSharp.Fuzz.Engine;

/// <summary>Settings of one fuzzing run.</summary>
public sealed class FuzzOptions
{
    /// <summary>Wall-clock budget per target.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>RNG seed; the same seed replays the same input sequence.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Stop after this many executions (null: only the duration limits the run).</summary>
    public long? MaxExecutions { get; init; }

    /// <summary>
    /// Keep going past <see cref="Duration"/> until this many inputs ran, so that a short run on a loaded machine
    /// still tests a fixed minimum (a slow target such as <c>xz-encode</c> runs only about 10 inputs in 1.5 s when
    /// both cores are busy). Hangs still end the run early.
    /// </summary>
    public long MinExecutions { get; init; }

    /// <summary>Extra seed files (every file in the directory).</summary>
    public string? CorpusDirectory { get; init; }

    /// <summary>Committed seeds root (<c>seeds/TARGET/*</c>); null to skip.</summary>
    public string? CommittedSeedsDirectory { get; init; }

    /// <summary>Findings are written to <c>FindingsDirectory/TARGET/</c>; null to keep them in memory only.</summary>
    public string? FindingsDirectory { get; init; }

    /// <summary>Allocation ceiling per input (managed bytes allocated while it ran).</summary>
    public long MaxAllocatedBytesPerInput { get; init; } = 512L * 1024 * 1024;

    /// <summary>Overrides the target's per-input timeout.</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>Progress output; null for silence.</summary>
    public TextWriter? Log { get; init; }
}
