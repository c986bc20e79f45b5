namespace OstreeSharp.Fuzz.Engine;

/// <summary>
/// One parser under test: bytes in, and the only exceptions allowed to escape are the documented "bad input" ones.
/// Anything else (and any <see cref="FuzzInvariantException"/>) is a finding.
/// </summary>
public abstract class FuzzTarget : IDisposable
{
    /// <summary>CLI name, also the findings and seed sub-directory.</summary>
    public abstract string Name { get; }

    /// <summary>One line for <c>list</c>.</summary>
    public abstract string Description { get; }

    /// <summary>Text targets may also throw <see cref="FormatException"/>-derived exceptions.</summary>
    public virtual bool IsText => false;

    /// <summary>Inputs longer than this are truncated.</summary>
    public virtual int MaxInputLength => 64 * 1024;

    /// <summary>Per-input watchdog.</summary>
    public virtual TimeSpan Timeout => TimeSpan.FromSeconds(5);

    /// <summary>Called once per run before any input, with the generated seed material.</summary>
    public virtual void Setup(SeedMaterial material) { }

    /// <summary>Seeds derived from the real-ostree material.</summary>
    public abstract IEnumerable<byte[]> Seeds(SeedMaterial material);

    /// <summary>Target-specific dictionary words (merged with the common dictionary).</summary>
    public virtual IEnumerable<byte[]> Dictionary(SeedMaterial material) => [];

    /// <summary>Runs one input. Throws on rejection or failure.</summary>
    public abstract void Execute(byte[] input);

    /// <summary>Whether <paramref name="exception"/> is an acceptable way to reject an input.</summary>
    public virtual bool IsExpected(Exception exception) =>
        exception is OstreeDataException || (IsText && exception is FormatException);

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases scratch resources.</summary>
    protected virtual void Dispose(bool disposing) { }
}
