namespace OstreeSharp.Tests.Compression;

/// <summary>Runs the real <c>xz</c> (single-threaded). Missing tool: tests fail when CI=true, otherwise they return early.</summary>
internal static class XzTool
{
    private static readonly ExternalTool Tool = new("xz", "xz-utils");

    public static bool Available() => Tool.Available();

    public static byte[] Compress(byte[] input, params string[] args) => Run(input, ["-c", "-z", .. args]);

    public static byte[] Decompress(byte[] input) => Run(input, ["-d", "-c"]);

    /// <summary>Runs <c>xz --robot --list -vv</c> on the data (which --list only reads from a file).</summary>
    public static string List(byte[] xz) =>
        System.Text.Encoding.UTF8.GetString(Tool.RunOnFile(xz, ["--robot", "--list", "-vv", "-T1"], ".xz"));

    public static byte[] Run(byte[] input, string[] args) => Tool.Run(input, [.. args, "-T1"]);
}
