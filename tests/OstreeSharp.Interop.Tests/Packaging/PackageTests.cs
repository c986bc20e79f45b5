using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Packaging;

/// <summary>
/// The shipped packages as a user gets them: <c>dotnet pack</c> into a local feed, the library consumed by a fresh
/// console project outside the repository, the tool installed with <c>dotnet tool install</c>.
/// </summary>
[Trait("Category", "Slow")]
public sealed partial class PackageTests(PackageFeed feed, ITestOutputHelper output) : IClassFixture<PackageFeed>
{
    // https://github.com/dotnet/runtime/blob/main/docs/design/specs/PortablePdb-Metadata.md#embedded-source-c-and-vb-compilers
    private static readonly Guid EmbeddedSourceKind = new("0E8A571B-6926-466E-B4AD-8AB04611F5FE");

    [Fact]
    public void LibraryPackageHasReadmeDocsAndSymbols()
    {
        feed.EnsureLibraryPacked();
        string nupkg = Path.Combine(feed.FeedPath, $"OstreeSharp.{feed.Version}.nupkg");
        string snupkg = Path.Combine(feed.FeedPath, $"OstreeSharp.{feed.Version}.snupkg");
        Assert.True(File.Exists(nupkg), nupkg + " missing; feed has: " + string.Join(", ", Directory.GetFiles(feed.FeedPath)));
        Assert.True(File.Exists(snupkg), snupkg + " missing");

        using (ZipArchive package = ZipFile.OpenRead(nupkg))
        {
            var names = package.Entries.Select(e => e.FullName).ToHashSet(StringComparer.Ordinal);
            output.WriteLine("nupkg: " + string.Join(", ", names.Order(StringComparer.Ordinal)));
            Assert.Contains("README.md", names);
            Assert.Contains("lib/net10.0/OstreeSharp.dll", names);
            Assert.Contains("lib/net10.0/OstreeSharp.xml", names);
            Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal));

            XElement metadata = ReadNuspec(package).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Equal("OstreeSharp", Child(metadata, "id"));
            Assert.Equal(feed.Version, Child(metadata, "version"));
            Assert.Equal("README.md", Child(metadata, "readme"));
            Assert.Equal("MIT", Child(metadata, "license"));
            XElement repository = metadata.Elements().Single(e => e.Name.LocalName == "repository");
            Assert.Matches("^[0-9a-f]{40}$", (string?)repository.Attribute("commit") ?? "");

            string readme = ReadText(package, "README.md");
            Assert.StartsWith("# OstreeSharp", readme, StringComparison.Ordinal);
            string docs = ReadText(package, "lib/net10.0/OstreeSharp.xml");
            Assert.Contains("<member name=\"T:OstreeSharp.Repository.OstreeRepo\">", docs, StringComparison.Ordinal);
            Assert.Contains("<member name=\"M:OstreeSharp.Commit.RepoCommitExtensions.CommitDirectory(", docs, StringComparison.Ordinal);

            // A deterministic compilation records a "Reproducible" debug directory entry.
            using var pe = new PEReader(new MemoryStream(ReadBytes(package, "lib/net10.0/OstreeSharp.dll")));
            Assert.Contains(pe.ReadDebugDirectory(), d => d.Type == DebugDirectoryEntryType.Reproducible);
        }

        using ZipArchive symbols = ZipFile.OpenRead(snupkg);
        using var pdbProvider = MetadataReaderProvider.FromPortablePdbStream(new MemoryStream(ReadBytes(symbols, "lib/net10.0/OstreeSharp.pdb")));
        MetadataReader pdb = pdbProvider.GetMetadataReader();
        var documents = pdb.Documents.Select(h => (Handle: h, Name: pdb.GetString(pdb.GetDocument(h).Name))).ToList();
        // ContinuousIntegrationBuild maps the checkout path to /_/: no machine paths leak into the package.
        Assert.Contains(documents, d => d.Name == "/_/src/OstreeSharp/Repository/OstreeRepo.cs");
        Assert.DoesNotContain(documents, d => d.Name.StartsWith(feed.RepositoryRoot, StringComparison.Ordinal));
        // The sources are embedded (the repository has no remote for Source Link URLs yet).
        var embedded = pdb.CustomDebugInformation
            .Select(pdb.GetCustomDebugInformation)
            .Where(c => pdb.GetGuid(c.Kind) == EmbeddedSourceKind && c.Parent.Kind == HandleKind.Document)
            .Select(c => pdb.GetString(pdb.GetDocument((DocumentHandle)c.Parent).Name))
            .ToHashSet(StringComparer.Ordinal);
        Assert.Contains("/_/src/OstreeSharp/Repository/OstreeRepo.cs", embedded);
        Assert.Equal(documents.Count, embedded.Count);
    }

    [Fact]
    public void FreshConsoleProjectCommitsAndReadsWithThePackage()
    {
        feed.EnsureLibraryPacked();
        string project = feed.CreateScratchDirectory("consumer");
        Assert.False(project.StartsWith(feed.RepositoryRoot, StringComparison.Ordinal), "the consumer must live outside the repository");
        WriteConsumerProject(project);

        // The tree to commit.
        string tree = feed.CreateScratchDirectory("tree");
        Directory.CreateDirectory(Path.Combine(tree, "docs"));
        File.WriteAllText(Path.Combine(tree, "docs", "hello.txt"), "hello from a NuGet consumer\n");
        File.WriteAllText(Path.Combine(tree, "top.txt"), "top\n");
        File.CreateSymbolicLink(Path.Combine(tree, "link"), "docs/hello.txt");
        string repo = Path.Combine(feed.CreateScratchDirectory("repo"), "repo");

        ProcessResult build = PackageFeed.Dotnet(project, "build", "-c", "Release", "-tl:off");
        output.WriteLine(build.Stdout);
        Assert.Contains(" 0 Warning(s)", build.Stdout, StringComparison.Ordinal);
        // Restored from the feed into the project's own package folder, not from a cache of an earlier run.
        Assert.True(File.Exists(Path.Combine(project, "packages", "ostreesharp", feed.Version, "lib", "net10.0", "OstreeSharp.dll")));

        ProcessResult run = PackageFeed.Dotnet(project, "run", "-c", "Release", "--no-build", "--", repo, tree);
        output.WriteLine(run.Stdout);
        Match m = ConsumerOutput().Match(run.Stdout);
        Assert.True(m.Success, "unexpected consumer output:\n" + run);
        string commit = m.Groups["commit"].Value;
        Assert.Equal(commit, m.Groups["resolved"].Value);
        Assert.Equal("hello from a NuGet consumer\n", m.Groups["content"].Value.Replace("\\n", "\n", StringComparison.Ordinal));
        Assert.Equal("28", m.Groups["size"].Value);
        string fileChecksum = m.Groups["file"].Value;

        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        Assert.Equal(commit + "\n", RealOstree.RunChecked("rev-parse", "--repo=" + repo, "consumer/main"));
        Assert.Equal("hello from a NuGet consumer\n", RealOstree.RunChecked("cat", "--repo=" + repo, commit, "/docs/hello.txt"));
        Assert.Contains(" " + fileChecksum + " /docs/hello.txt", RealOstree.RunChecked("ls", "--repo=" + repo, "-C", commit, "/docs/hello.txt"), StringComparison.Ordinal);
        Assert.Contains("archive", RealOstree.RunChecked("config", "--repo=" + repo, "get", "core.mode"), StringComparison.Ordinal);
        ProcessResult fsck = RealOstree.Run("fsck", "--repo=" + repo);
        Assert.True(fsck.ExitCode == 0, "ostree fsck failed: " + fsck);
        Assert.Contains("no errors found", fsck.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void ToolPackageInstallsAndReportsItsVersion()
    {
        feed.EnsureToolPacked();
        string pointer = Path.Combine(feed.FeedPath, $"ostree-sharp.{feed.Version}.nupkg");
        Assert.True(File.Exists(pointer), pointer + " missing; feed has: " + string.Join(", ", Directory.GetFiles(feed.FeedPath)));
        using (ZipArchive package = ZipFile.OpenRead(pointer))
        {
            XElement metadata = ReadNuspec(package).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            Assert.Contains(metadata.Descendants(), e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
            Assert.Contains("README.md", package.Entries.Select(e => e.FullName));
        }

        string tools = feed.CreateScratchDirectory("tools");
        ProcessResult install = PackageFeed.Dotnet(tools, "tool", "install", "--tool-path", tools, "--add-source", feed.FeedPath,
            "--version", feed.Version, "ostree-sharp");
        output.WriteLine(install.Stdout);
        string shim = Path.Combine(tools, "ostree-sharp");
        Assert.True(File.Exists(shim), "no ostree-sharp in " + tools + ": " + install);
        if (System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier == "linux-x64")
        {
            // On linux-x64 the Native AOT package is chosen: the command is a native executable, with no IL beside it.
            string target = new FileInfo(shim).LinkTarget ?? "";
            Assert.Contains("ostree-sharp.linux-x64", target, StringComparison.Ordinal);
            string executable = Path.IsPathRooted(target) ? target : Path.Combine(tools, target);
            Assert.Equal("\u007fELF"u8.ToArray(), File.ReadAllBytes(executable)[..4]);
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(executable)!, "ostree-sharp.dll")), "IL next to the AOT executable");
            Assert.False(File.Exists(Path.Combine(Path.GetDirectoryName(executable)!, "ostree-sharp.dbg")), "debug symbols shipped");
        }

        ProcessResult version = ProcessRunner.Run(shim, ["--version"], tools);
        Assert.Equal(0, version.ExitCode);
        Assert.Equal("", version.Stderr);
        Assert.Matches(@"^OstreeSharp:\n Version: '\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?'\n Features:\n(  - [a-z0-9-]+\n)+$", version.Stdout);
        Assert.Contains($" Version: '{feed.Version}'\n", version.Stdout, StringComparison.Ordinal);

        // The installed tool is the real CLI: it reports ostree's usage error for an unknown command.
        ProcessResult bogus = ProcessRunner.Run(shim, ["no-such-command"], tools);
        Assert.Equal(1, bogus.ExitCode);
        Assert.Contains("no-such-command", bogus.Stderr, StringComparison.Ordinal);

        InstalledToolMatchesOstree(shim);
    }

    /// <summary>
    /// The installed tool (on linux-x64 the Native AOT build, where trimming could drop code a JIT build reaches) does
    /// a repository's everyday work: the same commit checksum as real ostree, fsck, ls, log, summary, checkout and a
    /// scratch static delta that real ostree applies.
    /// </summary>
    private void InstalledToolMatchesOstree(string tool)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
        {
            return;
        }
        string work = feed.CreateScratchDirectory("tool-use");
        string tree = Path.Combine(work, "tree");
        TreeGenerator.Generate(tree, new TreeGeneratorOptions { Seed = 7 });
        string ours = Path.Combine(work, "ours");
        string theirs = Path.Combine(work, "theirs");
        string Tool(params string[] args)
        {
            ProcessResult r = ProcessRunner.Run(tool, args, work);
            Assert.True(r.ExitCode == 0, "ostree-sharp " + string.Join(' ', args) + ": " + r);
            return r.Stdout;
        }

        Tool("init", "--repo=" + ours, "--mode=archive");
        RealOstree.RunChecked("init", "--repo=" + theirs, "--mode=archive");
        string[] options = ["--timestamp=2024-01-02 03:04:05", "-s", "tool", "--add-metadata-string=k=v"];
        string[] commit = ["commit", "-b", "main", "--tree=dir=" + tree, .. options];
        string checksum = Tool([.. commit, "--repo=" + ours]).Trim();
        Assert.Equal(RealOstree.RunChecked([.. commit, "--repo=" + theirs]).Trim(), checksum);
        Assert.Contains("no errors found", Tool("fsck", "--repo=" + ours), StringComparison.Ordinal);
        Assert.Equal(RealOstree.RunChecked("ls", "--repo=" + theirs, "-R", "-X", "main"), Tool("ls", "--repo=" + ours, "-R", "-X", "main"));
        Assert.Equal(RealOstree.RunChecked("log", "--repo=" + theirs, "main"), Tool("log", "--repo=" + ours, "main"));
        Tool("summary", "--repo=" + ours, "-u");
        string view = RealOstree.RunChecked("summary", "--repo=" + ours, "--view");
        Assert.Contains("* main\n    Latest Commit (", view, StringComparison.Ordinal);
        Assert.Contains(checksum, view, StringComparison.Ordinal);
        // Our checkout and real ostree's, each committed again by real ostree with the same options, are the same tree.
        Tool("checkout", "--repo=" + ours, "main", Path.Combine(work, "co"));
        RealOstree.RunChecked("checkout", "--repo=" + theirs, "main", Path.Combine(work, "co-real"));
        Assert.Equal(
            RealOstree.RunChecked(["commit", "--orphan", "--tree=dir=" + Path.Combine(work, "co-real"), .. options, "--repo=" + theirs]),
            RealOstree.RunChecked(["commit", "--orphan", "--tree=dir=" + Path.Combine(work, "co"), .. options, "--repo=" + theirs]));

        // A scratch delta from the tool, applied by real ostree into a fresh repository that then passes fsck.
        Tool("static-delta", "generate", "--repo=" + ours, "--empty", "--inline", "main");
        string delta = Directory.GetDirectories(Path.Combine(ours, "deltas"), "*", SearchOption.AllDirectories)
            .Single(d => File.Exists(Path.Combine(d, "superblock")));
        string applied = Path.Combine(work, "applied");
        RealOstree.RunChecked("init", "--repo=" + applied, "--mode=archive");
        RealOstree.RunChecked("static-delta", "apply-offline", "--repo=" + applied, delta);
        RealOstree.RunChecked("fsck", "--repo=" + applied);
        Assert.Contains("commit " + checksum, RealOstree.RunChecked("show", "--repo=" + applied, checksum), StringComparison.Ordinal);
    }

    private void WriteConsumerProject(string dir)
    {
        // Empty Directory.Build.* / Directory.Packages.props stop MSBuild's upward search: nothing is inherited.
        File.WriteAllText(Path.Combine(dir, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Build.targets"), "<Project />\n");
        File.WriteAllText(Path.Combine(dir, "Directory.Packages.props"), "<Project />\n");

        // The local feed for OstreeSharp (source mapping keeps it from ever coming from elsewhere) plus this machine's
        // configured sources for anything else; a private global packages folder, so no earlier run's 0.1.0 is reused.
        var machineSources = PackageFeed.Dotnet(dir, "nuget", "list", "source", "--format", "Short").Stdout
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(l => l.StartsWith("E ", StringComparison.Ordinal))
            .Select(l => l[2..].Trim())
            .ToList();
        var config = new XElement("configuration",
            new XElement("config", new XElement("add", new XAttribute("key", "globalPackagesFolder"), new XAttribute("value", Path.Combine(dir, "packages")))),
            new XElement("packageSources",
                new XElement("clear"),
                new XElement("add", new XAttribute("key", "local-feed"), new XAttribute("value", feed.FeedPath)),
                machineSources.Select((s, i) => new XElement("add", new XAttribute("key", "machine-" + i), new XAttribute("value", s)))),
            new XElement("packageSourceMapping",
                new XElement("packageSource", new XAttribute("key", "local-feed"), new XElement("package", new XAttribute("pattern", "OstreeSharp"))),
                machineSources.Select((s, i) => new XElement("packageSource", new XAttribute("key", "machine-" + i), new XElement("package", new XAttribute("pattern", "*"))))));
        new XDocument(config).Save(Path.Combine(dir, "NuGet.config"));

        File.WriteAllText(Path.Combine(dir, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="OstreeSharp" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);

        File.WriteAllText(Path.Combine(dir, "Program.cs"), """
            using OstreeSharp.Commit;
            using OstreeSharp.Repository;

            if (!OperatingSystem.IsLinux())
            {
                Console.Error.WriteLine("OSTree repositories need Linux");
                return 2;
            }
            string repoPath = args[0], tree = args[1];
            using var repo = OstreeRepo.Create(repoPath, RepoMode.Archive);
            var commit = repo.CommitDirectory(tree, "consumer/main", subject: "committed through the NuGet package");
            var resolved = repo.ResolveRev("consumer/main");
            if (!repo.TryResolvePath(resolved, "/docs/hello.txt", out var entry) || entry.Kind != TreeEntryKind.File)
            {
                Console.Error.WriteLine("/docs/hello.txt not found in the commit");
                return 1;
            }
            using var content = repo.ReadContent(entry.Checksum);
            using var reader = new StreamReader(content.Content!);
            Console.WriteLine($"commit {commit}");
            Console.WriteLine($"resolved {resolved}");
            Console.WriteLine($"file {entry.Checksum} size {content.Size}");
            Console.WriteLine($"content {reader.ReadToEnd().Replace("\n", "\\n")}");
            return 0;
            """);
    }

    private static XDocument ReadNuspec(ZipArchive package)
    {
        ZipArchiveEntry nuspec = package.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal) && !e.FullName.Contains('/', StringComparison.Ordinal));
        using Stream s = nuspec.Open();
        return XDocument.Load(s);
    }

    private static string? Child(XElement parent, string localName) =>
        parent.Elements().SingleOrDefault(e => e.Name.LocalName == localName)?.Value;

    private static byte[] ReadBytes(ZipArchive package, string entryName)
    {
        ZipArchiveEntry entry = package.GetEntry(entryName) ?? throw new InvalidOperationException(entryName + " not in package");
        using Stream s = entry.Open();
        var ms = new MemoryStream();
        s.CopyTo(ms);
        return ms.ToArray();
    }

    private static string ReadText(ZipArchive package, string entryName) =>
        System.Text.Encoding.UTF8.GetString(ReadBytes(package, entryName)).TrimStart('\uFEFF');

    [GeneratedRegex(@"^commit (?<commit>[0-9a-f]{64})\nresolved (?<resolved>[0-9a-f]{64})\nfile (?<file>[0-9a-f]{64}) size (?<size>\d+)\ncontent (?<content>.*)\n$")]
    private static partial Regex ConsumerOutput();
}
