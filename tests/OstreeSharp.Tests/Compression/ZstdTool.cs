namespace OstreeSharp.Tests.Compression;

/// <summary>Runs the real <c>zstd</c>. Missing tool: tests fail when CI=true, otherwise they return early.</summary>
internal static class ZstdTool
{
    private static readonly ExternalTool Tool = new("zstd", "zstd");

    public static bool Available() => Tool.Available();

    /// <summary>Compresses through a pipe: the content size is unknown to zstd, so frames carry no content size
    /// and the window is the level's.</summary>
    public static byte[] Compress(byte[] input, params string[] args) => Run(input, ["-c", "-q", .. args]);

    /// <summary>Compresses a file: the frame header declares the content size (single-segment when small).</summary>
    public static byte[] CompressFile(byte[] input, params string[] args) => Tool.RunOnFile(input, ["-c", "-q", .. args]);

    public static byte[] Decompress(byte[] input, params string[] args) => Run(input, ["-d", "-c", "-q", .. args]);

    public static byte[] Run(byte[] input, string[] args) => Tool.Run(input, args);
}
