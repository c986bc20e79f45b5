namespace OstreeSharp.Verification;

/// <summary>A repository check stopped at its first problem (<see cref="FsckOptions.ContinueOnError"/> was off).</summary>
public class FsckFailedException : OstreeException
{
    /// <summary>Creates an exception with a default message.</summary>
    public FsckFailedException() { }

    /// <summary>Creates an exception with <paramref name="message"/>.</summary>
    public FsckFailedException(string message) : base(message) { }

    /// <summary>Creates an exception with <paramref name="message"/> caused by <paramref name="innerException"/>.</summary>
    public FsckFailedException(string message, Exception? innerException) : base(message, innerException) { }

    /// <summary>Creates an exception for the problem found.</summary>
    public FsckFailedException(FsckError error) : base((error ?? throw new ArgumentNullException(nameof(error))).Message)
    {
        Error = error;
    }

    /// <summary>The problem found.</summary>
    public FsckError? Error { get; }
}
