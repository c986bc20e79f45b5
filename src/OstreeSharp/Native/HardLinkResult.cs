namespace OstreeSharp.Native;

/// <summary>Outcome of <see cref="NativeFile.TryHardLink(string, string)"/> for the errors callers fall back on.</summary>
public enum HardLinkResult
{
    /// <summary>The link was created.</summary>
    Success,

    /// <summary>The new path already exists (<c>EEXIST</c>).</summary>
    AlreadyExists,

    /// <summary>The source has the maximum number of links (<c>EMLINK</c>).</summary>
    TooManyLinks,

    /// <summary>Source and destination are on different file systems (<c>EXDEV</c>).</summary>
    CrossDevice,
}
