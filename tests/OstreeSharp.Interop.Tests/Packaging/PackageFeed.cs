using System.Reflection;
using OstreeSharp.Interop.Tests.Infrastructure;
using OstreeSharp.Repository;

namespace OstreeSharp.Interop.Tests.Packaging;

/// <summary>
/// A local NuGet feed in a fresh temp directory, filled on demand by <c>dotnet pack</c> child processes. Every feed has
/// its own artifacts directory (bin/obj), so packing never touches the repository's build output and concurrent test
/// runs never share files.
/// </summary>
public sealed class PackageFeed : IDisposable
{
    private readonly TempDir _root = new("ostree-sharp-pack");
    private readonly Lock _gate = new();
    private bool _libraryPacked;
    private bool _toolPacked;

    public PackageFeed()
    {
        FeedPath = _root.Combine("feed");
        Directory.CreateDirectory(FeedPath);
        RepositoryRoot = FindRepositoryRoot();
        // The version the repository builds (Directory.Build.props), as stamped into the library under test.
        string informational = typeof(OstreeRepo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Version = informational.Split('+')[0];
    }

    /// <summary>The feed directory (<c>dotnet pack -o</c>).</summary>
    public string FeedPath { get; }

    /// <summary>The checkout that contains <c>OstreeSharp.sln</c>.</summary>
    public string RepositoryRoot { get; }

    /// <summary>The package version, e.g. <c>0.1.0</c>.</summary>
    public string Version { get; }

    /// <summary>A fresh directory under this feed's temp root (outside the repository tree).</summary>
    public string CreateScratchDirectory(string name)
    {
        string path = _root.Combine(name + "-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>Packs <c>src/OstreeSharp</c> into the feed (once per feed).</summary>
    public void EnsureLibraryPacked()
    {
        lock (_gate)
        {
            if (!_libraryPacked)
            {
                Pack("src/OstreeSharp/OstreeSharp.csproj");
                _libraryPacked = true;
            }
        }
    }

    /// <summary>Packs the <c>ostree-sharp</c> tool (pointer package plus its RID packages) into the feed (once per feed).</summary>
    public void EnsureToolPacked()
    {
        lock (_gate)
        {
            if (!_toolPacked)
            {
                // As eng/pack.sh: the pointer package, then the Native AOT linux-x64 package and the portable fallback.
                Pack("samples/OstreeSharp.Cli/OstreeSharp.Cli.csproj");
                Pack("samples/OstreeSharp.Cli/OstreeSharp.Cli.csproj", "-r", "linux-x64");
                Pack("samples/OstreeSharp.Cli/OstreeSharp.Cli.csproj", "-r", "any");
                _toolPacked = true;
            }
        }
    }

    /// <summary>Runs <c>dotnet ARGS</c> with telemetry and first-run noise off; fails with the full output when it fails.</summary>
    public static ProcessResult Dotnet(string workingDirectory, params string[] args)
    {
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        ProcessResult r = ProcessRunner.Run("dotnet", args, workingDirectory, environment, TimeSpan.FromMinutes(4));
        if (r.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', args)} failed in {workingDirectory}: {r}");
        }
        return r;
    }

    private void Pack(string project, params string[] extra)
    {
        Dotnet(RepositoryRoot, ["pack", Path.Combine(RepositoryRoot, project), "-c", "Release", "-o", FeedPath,
            "--artifacts-path", _root.Combine("artifacts"), "-p:ContinuousIntegrationBuild=true", .. extra]);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "OstreeSharp.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("OstreeSharp.sln not found above " + AppContext.BaseDirectory);
    }

    public void Dispose() => _root.Dispose();
}
