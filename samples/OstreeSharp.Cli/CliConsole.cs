using System.Text;

namespace OstreeSharp.Cli;

/// <summary>
/// The standard streams a CLI invocation writes to. <see cref="CreateSystem"/> wraps the process console;
/// <see cref="CreateBuffered"/> captures everything in memory (used by in-process tests).
/// </summary>
public sealed class CliConsole : IDisposable
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly Stream _outputStream;
    private readonly MemoryStream? _bufferedOut;
    private readonly MemoryStream? _bufferedErr;

    private CliConsole(Stream outputStream, Stream errorStream, TextReader input, bool isOutputTerminal, bool isErrorTerminal,
        MemoryStream? bufferedOut, MemoryStream? bufferedErr)
    {
        _outputStream = outputStream;
        _bufferedOut = bufferedOut;
        _bufferedErr = bufferedErr;
        Out = new StreamWriter(outputStream, Utf8NoBom, 64 * 1024, leaveOpen: true) { NewLine = "\n" };
        Error = new StreamWriter(errorStream, Utf8NoBom, 4096, leaveOpen: true) { NewLine = "\n", AutoFlush = true };
        In = input;
        IsOutputTerminal = isOutputTerminal;
        IsErrorTerminal = isErrorTerminal;
    }

    /// <summary>Buffered UTF-8 standard output (flushed when the invocation ends).</summary>
    public TextWriter Out { get; }

    /// <summary>Unbuffered UTF-8 standard error.</summary>
    public TextWriter Error { get; }

    /// <summary>Standard input.</summary>
    public TextReader In { get; }

    /// <summary>True when standard output is a terminal.</summary>
    public bool IsOutputTerminal { get; }

    /// <summary>True when standard error is a terminal: only then is live progress drawn.</summary>
    public bool IsErrorTerminal { get; }

    /// <summary>The console of the current process.</summary>
    public static CliConsole CreateSystem() =>
        new(Console.OpenStandardOutput(), Console.OpenStandardError(), Console.In,
            !Console.IsOutputRedirected, !Console.IsErrorRedirected, null, null);

    /// <summary>An in-memory console; read the results with <see cref="GetOutputBytes"/>, <see cref="GetOutputText"/> and <see cref="GetErrorText"/>.</summary>
    public static CliConsole CreateBuffered(string? standardInput = null)
    {
        var o = new MemoryStream();
        var e = new MemoryStream();
        return new CliConsole(o, e, new StringReader(standardInput ?? string.Empty), false, false, o, e);
    }

    /// <summary>
    /// Flushes <see cref="Out"/> and returns the raw standard output stream, for commands that write bytes
    /// (e.g. <c>cat</c>). Text written to <see cref="Out"/> afterwards stays correctly ordered.
    /// </summary>
    public Stream OpenRawOutput()
    {
        Out.Flush();
        return _outputStream;
    }

    /// <summary>Flushes both writers.</summary>
    public void Flush()
    {
        Out.Flush();
        Error.Flush();
        _outputStream.Flush();
    }

    /// <summary>The captured standard output bytes (buffered consoles only).</summary>
    public byte[] GetOutputBytes()
    {
        Flush();
        return (_bufferedOut ?? throw new InvalidOperationException("Not a buffered console.")).ToArray();
    }

    /// <summary>The captured standard output as UTF-8 text (buffered consoles only).</summary>
    public string GetOutputText() => Utf8NoBom.GetString(GetOutputBytes());

    /// <summary>The captured standard error as UTF-8 text (buffered consoles only).</summary>
    public string GetErrorText()
    {
        Flush();
        return Utf8NoBom.GetString((_bufferedErr ?? throw new InvalidOperationException("Not a buffered console.")).ToArray());
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Flush();
        }
        catch (IOException)
        {
            // stdout closed early (e.g. piped into head): nothing left to do
        }
        Out.Dispose();
        Error.Dispose();
    }
}
