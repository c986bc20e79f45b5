using OstreeSharp.Interop.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OstreeSharp.Interop.Tests.Compat;

/// <summary>
/// <c>commit --bootable</c> sends the whole commit metadata through a GVariantDict, so the key order (and thus the
/// checksum) follows GLib's hash table. A matrix of user key sets (0 to 7 keys, with repeats and collisions) combined
/// with --add-metadata, --keep-metadata, --generate-sizes, --parent, bindings and collection IDs must give the same
/// commit checksum with ostree and ostree-sharp, with and without --bootable.
/// </summary>
public sealed class BootableMetadataOrderTests(ITestOutputHelper output)
{
    private const string Alphabet = "abcxyz.-_09";

    /// <summary>Fixed cases: repeats, keys that ostree itself sets, and a nine-key dictionary (one table growth).</summary>
    public static TheoryData<string[]> Fixed() => new()
    {
        { ["--bootable"] },
        { ["--bootable", "--add-metadata-string=a=1", "--add-metadata-string=b=2", "--add-metadata-string=a=3"] },
        { ["--bootable", "--add-metadata-string=ostree.bootable=no", "--add-metadata-string=ostree.linux=x"] },
        { ["--bootable", "--add-metadata-string=ostree.ref-binding=x", "--add-metadata-string=zz=1"] },
        { ["--bootable", "--add-metadata-string=ostree.sizes=x", "--generate-sizes"] },
        { ["--bootable", "--add-metadata=q=uint32 3", "--add-metadata-string=q=s", "--add-metadata=r=['a']"] },
        { ["--bootable", "--bind-ref=zz", "--bind-ref=aa", "--add-metadata-string=version=1"] },
        { ["--bootable", "--no-bindings", "--add-metadata-string=version=1", "--add-metadata-string=k=v"] },
        { ["--bootable", .. Enumerable.Range(0, 6).Select(i => $"--add-metadata-string=key{i}=v")] },
        { ["--bootable", .. Enumerable.Range(0, 13).Select(i => $"--add-metadata-string=k.{i}=v")] },
        { ["--bootable", "--keep-metadata=k1", "--keep-metadata=zz", "--add-metadata-string=k1=mine"] },
        { ["--keep-metadata=k1", "--add-metadata-string=k1=mine", "--add-metadata=k1=5"] },
    };

    [Theory]
    [MemberData(nameof(Fixed))]
    public void FixedCasesMatchOstree(string[] flags)
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        foreach (bool collection in new[] { false, true })
        {
            using var env = new Env(collection);
            env.Compare(flags, output);
        }
    }

    /// <summary>Random key sets of 0 to 7 user keys, each combined with a random choice of the other flags.</summary>
    [Fact]
    public void RandomMatrixMatchesOstree()
    {
        if (!RealOstree.IsAvailableOrSkip(output))
            return;
        var random = new Random(20221);
        int cases = 0;
        foreach (bool collection in new[] { false, true })
        {
            using var env = new Env(collection);
            for (int keys = 0; keys <= 7; keys++)
            {
                for (int rep = 0; rep < 4; rep++)
                {
                    var flags = new List<string>();
                    if (rep != 3)
                        flags.Add("--bootable");
                    int strings = random.Next(0, keys + 1);
                    for (int i = 0; i < keys; i++)
                    {
                        string key = new([.. Enumerable.Range(0, random.Next(1, 5)).Select(_ => Alphabet[random.Next(Alphabet.Length)])]);
                        flags.Add(i < strings ? $"--add-metadata-string={key}=s{i}" : $"--add-metadata={key}=uint32 {i}");
                    }
                    if (random.Next(3) == 0)
                        flags.Add("--keep-metadata=" + (random.Next(2) == 0 ? "k1" : "zz"));
                    if (random.Next(3) == 0)
                        flags.Add("--generate-sizes");
                    if (random.Next(4) == 0)
                        flags.Add("--no-bindings");
                    if (random.Next(4) == 0)
                        flags.Add("--bind-ref=other");
                    env.Compare([.. flags], output);
                    cases++;
                }
            }
        }
        output.WriteLine($"{cases} cases matched");
    }

    private sealed class Env : IDisposable
    {
        private readonly TempDir _dir = new("bootmeta");
        private readonly string _theirs, _ours, _tree;
        private readonly string _parent;
        private int _step;

        public Env(bool collection)
        {
            _tree = _dir.Combine("tree");
            Directory.CreateDirectory(Path.Combine(_tree, "usr/lib/modules/6.1.0-test"));
            File.WriteAllText(Path.Combine(_tree, "usr/lib/modules/6.1.0-test/vmlinuz"), "kernel");
            File.WriteAllText(Path.Combine(_tree, "file"), "content");
            _theirs = _dir.Combine("theirs");
            _ours = _dir.Combine("ours");
            string[] coll = collection ? ["--collection-id=org.example.Coll"] : [];
            RealOstree.RunChecked(["init", "--repo=" + _theirs, "--mode=archive", .. coll]);
            RealOstree.RunChecked(["init", "--repo=" + _ours, "--mode=archive", .. coll]);
            string[] parentArgs = ["commit", "-b", "base", "--tree=dir=" + _tree, "--timestamp=@1600000000",
                "--add-metadata-string=k1=a", "--add-metadata-string=k1=b", "--add-metadata-string=zz=c"];
            _parent = RealOstree.RunChecked(["--repo=" + _theirs, .. parentArgs]).Trim();
            string ours = Tools.Checked("ostree-sharp", ["--repo=" + _ours, .. parentArgs]).Trim();
            Assert.Equal(_parent, ours);
        }

        /// <summary>Commits with FLAGS on both sides (on a branch with the base as parent) and compares the output.</summary>
        public void Compare(string[] flags, ITestOutputHelper output)
        {
            string branch = "b" + _step++;
            string[] args = ["commit", "-b", branch, "--parent=" + _parent, "--tree=dir=" + _tree, "--timestamp=@1600000001", "-s", "subject", .. flags];
            var theirs = Tools.Theirs(["--repo=" + _theirs, .. args]);
            var ours = Tools.Ours(["--repo=" + _ours, .. args]);
            output.WriteLine($"{string.Join(' ', flags)} -> {theirs.Stdout.Trim()}");
            Tools.AssertSame(theirs, ours, string.Join(' ', flags));
        }

        public void Dispose() => _dir.Dispose();
    }
}
