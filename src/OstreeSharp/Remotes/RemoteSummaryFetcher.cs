namespace OstreeSharp.Remotes;

/// <summary>
/// Fetches a remote's <c>summary</c> and <c>summary.sig</c>. Only <c>file://</c> remotes are served here (the files
/// are read from the remote repository's directory); network transports belong to pull.
/// </summary>
public static class RemoteSummaryFetcher
{
    /// <summary>
    /// Reads the remote's summary; returns false when the server has none. <paramref name="signature"/> receives the
    /// bytes of <c>summary.sig</c>, or null when it is absent.
    /// </summary>
    /// <exception cref="NotSupportedException">The remote is not a <c>file://</c> remote.</exception>
    /// <exception cref="OstreeException">The remote has no <c>url</c>.</exception>
    public static bool TryFetch(OstreeRemote remote, out byte[] summary, out byte[]? signature)
    {
        ArgumentNullException.ThrowIfNull(remote);
        string url = remote.Url ?? throw new OstreeException($"No \"url\" option in remote \"{remote.Name}\"");
        string dir = RemoteConfigStore.GetLocalPath(url)
            ?? throw new NotSupportedException($"Fetching from {url} is not supported yet by ostree-sharp (only file:// remotes)");
        string summaryPath = Path.Combine(dir, "summary");
        string signaturePath = Path.Combine(dir, "summary.sig");
        summary = [];
        signature = null;
        if (!File.Exists(summaryPath))
            return false;
        summary = File.ReadAllBytes(summaryPath);
        if (File.Exists(signaturePath))
            signature = File.ReadAllBytes(signaturePath);
        return true;
    }
}
