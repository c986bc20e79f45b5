namespace OstreeSharp.Cli.Parsing;

/// <summary>What a <see cref="GOptionScanner"/> pass decided.</summary>
public enum ScanOutcome
{
    /// <summary>Arguments parsed; run the command.</summary>
    Success,

    /// <summary><c>-h</c>/<c>--help</c> was met: print help on stdout, exit 0.</summary>
    Help,

    /// <summary><c>--version</c> was given and everything parsed: print the version, exit 0.</summary>
    Version,

    /// <summary>A parse error (<see cref="ScanResult.ErrorMessage"/>): exit 1.</summary>
    Error,
}
