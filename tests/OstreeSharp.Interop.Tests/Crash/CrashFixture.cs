using OstreeSharp.Interop.Tests.Infrastructure;

namespace OstreeSharp.Interop.Tests.Crash;

[CollectionDefinition(Name)]
public sealed class CrashCollection : ICollectionFixture<CrashFixture>
{
    public const string Name = "crash safety";
}

/// <summary>The medium input tree (about 150 entries, ~0.5 MB) and a tiny tree for the follow-up commits.</summary>
public sealed class CrashFixture : IDisposable
{
    private readonly TempDir _root = new("ostree-crash-trees");

    public CrashFixture()
    {
        Tree = _root.Combine("tree");
        TreeGenerator.Generate(Tree, new TreeGeneratorOptions
        {
            Seed = 31, FileCount = 120, DirectoryCount = 12, MaxFileSize = 4 * 1024, LargeFileSize = 256 * 1024, DeepNesting = 4,
        });
        SmallTree = _root.Combine("small");
        Directory.CreateDirectory(Path.Combine(SmallTree, "d"));
        File.WriteAllText(Path.Combine(SmallTree, "a"), "small tree\n");
        File.WriteAllText(Path.Combine(SmallTree, "d", "b"), "b\n");
    }

    public string Tree { get; }

    public string SmallTree { get; }

    public void Dispose() => _root.Dispose();
}
