using System.Text;
using System.Text.Json;
using FsCheck;
using FsCheck.Fluent;
using OstreeSharp.Repository;
using OstreeSharp.Tests.Native;

namespace OstreeSharp.Tests.Repository;

public class KeyFileTests
{
    // Loads a key file with GLib and dumps groups, keys, raw values, strings and string lists as JSON.
    private const string GLibDump = """
import json, sys
from gi.repository import GLib
data = open(sys.argv[1], 'rb').read()
k = GLib.KeyFile()
try:
    k.load_from_bytes(GLib.Bytes.new(data), GLib.KeyFileFlags.KEEP_COMMENTS | GLib.KeyFileFlags.KEEP_TRANSLATIONS)
except GLib.Error as e:
    print(json.dumps({'error': e.message})); sys.exit(0)
out = {'groups': [], 'data': k.to_data()[0]}
for g in k.get_groups()[0]:
    entries = []
    for key in k.get_keys(g)[0]:
        def attempt(f):
            try: return f(g, key)
            except GLib.Error: return None
        entries.append([key, k.get_value(g, key), attempt(k.get_string), attempt(k.get_string_list)])
    out['groups'].append([g, entries])
print(json.dumps(out))
""";

    // Applies JSON operations (read from stdin) to a key file loaded from argv[1] (or empty) and prints to_data().
    private const string GLibApply = """
import json, sys
from gi.repository import GLib
k = GLib.KeyFile()
if len(sys.argv) > 1:
    d = open(sys.argv[1], 'rb').read()
    k.load_from_bytes(GLib.Bytes.new(d), GLib.KeyFileFlags.KEEP_COMMENTS | GLib.KeyFileFlags.KEEP_TRANSLATIONS)
for op in json.load(sys.stdin):
    kind = op[0]
    if kind == 'string': k.set_string(op[1], op[2], op[3])
    elif kind == 'list': k.set_string_list(op[1], op[2], op[3])
    elif kind == 'bool': k.set_boolean(op[1], op[2], op[3])
    elif kind == 'int': k.set_integer(op[1], op[2], op[3])
    elif kind == 'int64': k.set_int64(op[1], op[2], op[3])
    elif kind == 'uint64': k.set_uint64(op[1], op[2], op[3])
    elif kind == 'double': k.set_double(op[1], op[2], float(op[3]))
    elif kind == 'remove_key': k.remove_key(op[1], op[2])
    elif kind == 'remove_group': k.remove_group(op[1])
sys.stdout.write(k.to_data()[0])
""";

    private static JsonElement DumpWithGLib(byte[] data)
    {
        using var dir = new TempDir();
        string file = dir.Combine("kf");
        File.WriteAllBytes(file, data);
        string json = TestProcess.Check(TestProcess.Python, "-c", GLibDump, file);
        return JsonDocument.Parse(json).RootElement.Clone();
    }

    private static string ApplyWithGLib(string? initial, string opsJson)
    {
        using var dir = new TempDir();
        var args = new List<string> { "-c", GLibApply };
        if (initial is not null)
        {
            File.WriteAllText(dir.Combine("kf"), initial);
            args.Add(dir.Combine("kf"));
        }

        var r = TestProcess.RunWithInput(TestProcess.Python, opsJson, args.ToArray());
        Assert.True(r.ExitCode == 0, r.StdErr);
        return r.StdOut;
    }

    private static void Apply(KeyFile kf, JsonElement ops)
    {
        foreach (JsonElement op in ops.EnumerateArray())
        {
            string kind = op[0].GetString()!;
            string g = op[1].GetString()!;
            switch (kind)
            {
                case "string": kf.SetString(g, op[2].GetString()!, op[3].GetString()!); break;
                case "list": kf.SetStringList(g, op[2].GetString()!, op[3].EnumerateArray().Select(e => e.GetString()!)); break;
                case "bool": kf.SetBoolean(g, op[2].GetString()!, op[3].GetBoolean()); break;
                case "int": kf.SetInt32(g, op[2].GetString()!, op[3].GetInt32()); break;
                case "int64": kf.SetInt64(g, op[2].GetString()!, op[3].GetInt64()); break;
                case "uint64": kf.SetUInt64(g, op[2].GetString()!, op[3].GetUInt64()); break;
                case "double": kf.SetDouble(g, op[2].GetString()!, double.Parse(op[3].GetString()!, System.Globalization.CultureInfo.InvariantCulture)); break;
                case "remove_key": kf.RemoveKey(g, op[2].GetString()!); break;
                case "remove_group": kf.RemoveGroup(g); break;
                default: throw new InvalidOperationException(kind);
            }
        }
    }

    /// <summary>Applies the same operations with GLib and with KeyFile and asserts identical output.</summary>
    private static void AssertSameAsGLib(string? initial, string opsJson)
    {
        string expected = ApplyWithGLib(initial, opsJson);
        KeyFile kf = initial is null ? new KeyFile() : KeyFile.Parse(initial);
        Apply(kf, JsonDocument.Parse(opsJson).RootElement);
        Assert.Equal(expected, kf.ToString());
    }

    [Theory]
    [InlineData("[core]\nrepo_version=1\nmode=archive-z2\n")]
    [InlineData("# top comment\n\n[a]\n#c1\nk=v\n\n\n[b]\n#c2\n")]
    [InlineData("[a]\r\nk = v \r\n\r\n[b]\r\nx=y")]
    [InlineData("  # indented comment\n[a]\n  k  =  v  \n\t#x\n\t\n[a]\nk=dup\nk[de]=Wert\nk[]=e\n")]
    [InlineData("[remote \"origin\"]\nurl=http://example.com\nbranches=main;other;\ngpg-verify=false\n")]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("#only a comment")]
    [InlineData("[a]\nk=\\s\\slead\\n\\t\\\\ x\nv=a\\;b;c\\;;\n[ spaced ]\n")]
    [InlineData("\t[a]\t\nk\t[x]=v\nj=\xff\xfe bytes survive\n")]
    public void LoadThenSaveIsByteIdentical(string text)
    {
        byte[] data = Encoding.Latin1.GetBytes(text);
        // Latin-1 turns \xff into a single byte: invalid UTF-8 inside a value must survive too.
        Assert.Equal(data, KeyFile.Parse(data).ToBytes());
    }

    [Fact]
    public void RandomDocumentsRoundTripByteIdentical()
    {
        var lineGen = Gen.OneOf(
            Gen.Elements("", " ", "\t", "# comment", "  #x", "#", "\r"),
            Gen.Elements("k", "key", "a.b-c", "k k", "k[de]", "name[sr@latin]", "_x")
                .SelectMany(k => Gen.Elements("=", " = ", "\t=", "= ", "=\t")
                .SelectMany(eq => Gen.Elements("", "v", "a;b;", "\\s x ", "true", "  lead", "trail  ", "é ü", "x=y", "[no]")
                .Select(v => k + eq + v))));
        var groupGen = Gen.Zip(
            Gen.Elements("[core]", "[remote \"o\"]", " [a]", "[b] ", "[x y]", "[core]"),
            lineGen.ListOf()).Select(t => t.Item1 + "\n" + string.Join("", t.Item2.Select(l => l + "\n")));
        var docGen = Gen.Zip(Gen.Zip(Gen.Elements("", "# head\n", "\n"), groupGen.ListOf()), Gen.Elements("", "\n", "\r\n", "k=tail"))
            .Select(t => t.Item1.Item1 + string.Concat(t.Item1.Item2) + (t.Item1.Item2.Count > 0 ? t.Item2 : ""));
        Prop.ForAll(docGen.ToArbitrary(), doc =>
        {
            byte[] data = Encoding.UTF8.GetBytes(doc);
            return data.AsSpan().SequenceEqual(KeyFile.Parse(data).ToBytes());
        }).QuickCheckThrowOnFailure();
    }

    [Theory]
    [InlineData("[a]\nk=v\n[b]\nx=y\n")]
    [InlineData("# top\n\n[a]\n#c1\nk=v\nk=w\nk[de]=v\n\n\n[b]\n#c2\nj=1\n")]
    [InlineData("[a]\nk = v \n  j= \\s\\tx\\n\\r\\\\y \nbad=\\q\nl=a\\;b;;\\sc;d\\\\;\ne=\nt=a\\\n")]
    [InlineData("[a b]\nk=v\n[ c]\nk=1\n[c ]\nk=2\n[a b]\nk=3\nm=x\n")]
    [InlineData("[a]\r\nk=v\r\nw=x\r\r\n")]
    [InlineData("[a]\nk\t=\tv\t\nk[]=e\nk\t[x]=t\n\f\n \f#c\n")]
    public void ReadsLikeGLib(string text)
    {
        byte[] data = Encoding.UTF8.GetBytes(text);
        JsonElement glib = DumpWithGLib(data);
        Assert.False(glib.TryGetProperty("error", out _));
        KeyFile kf = KeyFile.Parse(data);
        var glibGroups = glib.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(glibGroups.Select(g => g[0].GetString()), kf.GetGroups());
        foreach (JsonElement g in glibGroups)
        {
            string group = g[0].GetString()!;
            var entries = g[1].EnumerateArray().ToList();
            Assert.Equal(entries.Select(e => e[0].GetString()), kf.GetKeys(group));
            foreach (JsonElement e in entries)
            {
                string key = e[0].GetString()!;
                Assert.Equal(e[1].GetString(), kf.GetValue(group, key));
                string? ourString;
                try { ourString = kf.GetString(group, key); } catch (KeyFileFormatException) { ourString = null; }
                Assert.Equal(e[2].ValueKind == JsonValueKind.Null ? null : e[2].GetString(), ourString);
                List<string>? ourList;
                try { ourList = kf.GetStringList(group, key)?.ToList(); } catch (KeyFileFormatException) { ourList = null; }
                List<string>? glibList = e[3].ValueKind == JsonValueKind.Null ? null : e[3].EnumerateArray().Select(x => x.GetString()!).ToList();
                Assert.Equal(glibList, ourList);
            }
        }
    }

    private static readonly Gen<string> ValueGen =
        Gen.Elements(" ", "\t", "\n", "\r", "\\", ";", "a", "b", "=", "#", "[", "]", "é", "x y", "\\s", "\\;", "0")
            .ArrayOf().Select(string.Concat);

    [Fact]
    public void RandomValuesWrittenByUsAreReadIdenticallyByGLib()
    {
        var gen = Gen.Zip(ValueGen, ValueGen.ArrayOf());
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var (value, list) = t;
            var kf = KeyFile.Parse("# header comment\n\n[core]\nrepo_version=1\n");
            kf.SetString("core", "s", value);
            kf.SetStringList("remote \"x\"", "l", list);
            JsonElement glib = DumpWithGLib(kf.ToBytes());
            if (glib.TryGetProperty("error", out var err))
            {
                throw new InvalidOperationException(err.GetString());
            }

            var groups = glib.GetProperty("groups").EnumerateArray().ToList();
            var core = groups.Single(g => g[0].GetString() == "core")[1].EnumerateArray().Single(e => e[0].GetString() == "s");
            var remote = groups.Single(g => g[0].GetString() == "remote \"x\"")[1].EnumerateArray().Single();
            bool sameString = core[2].GetString() == value;
            bool sameList = remote[3].EnumerateArray().Select(x => x.GetString()!).SequenceEqual(list);
            // GLib regenerates the file identically from what we wrote
            bool sameData = glib.GetProperty("data").GetString() == kf.ToString();
            return sameString && sameList && sameData;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Fact]
    public void RandomValuesWrittenByGLibAreReadIdenticallyByUs()
    {
        var gen = Gen.Zip(Gen.Zip(ValueGen, ValueGen.ArrayOf()), Gen.Choose(int.MinValue, int.MaxValue));
        Prop.ForAll(gen.ToArbitrary(), t =>
        {
            var ((value, list), number) = t;
            string ops = JsonSerializer.Serialize(new object[]
            {
                new object[] { "string", "g", "s", value },
                new object[] { "list", "g", "l", list },
                new object[] { "int", "h", "i", number },
                new object[] { "int64", "h", "j", (long)number * 1_000_003 },
                new object[] { "double", "h", "d", (number / 7.0).ToString("R", System.Globalization.CultureInfo.InvariantCulture) },
            });
            string glibText = ApplyWithGLib(null, ops);
            var kf = KeyFile.Parse(glibText);
            var ours = new KeyFile();
            Apply(ours, JsonDocument.Parse(ops).RootElement);
            return kf.GetString("g", "s") == value
                && kf.GetStringList("g", "l")!.SequenceEqual(list)
                && kf.GetInt32("h", "i") == number
                && kf.GetInt64("h", "j") == (long)number * 1_000_003
                && kf.GetDouble("h", "d") == number / 7.0
                && ours.ToString() == glibText;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(40));
    }

    [Theory]
    [InlineData("[a]\nk=v\n\n[b]\nj=1\n", """[["string","a","x","y"]]""")]
    [InlineData("[a]\nk=v\n#c\n\n[b]\nj=1\n", """[["string","a","x","y"]]""")]
    [InlineData("[a]\n#x\n[b]\nj=1\n", """[["string","a","x","y"]]""")]
    [InlineData("[a]\nk=v", """[["string","b","x","y"]]""")]
    [InlineData("[a]\nk=v\n\n", """[["string","b","x","y"],["string","b","z","w"],["string","c","q","r"]]""")]
    [InlineData("[a]\nk=v\n\t\n", """[["string","b","x","y"]]""")]
    [InlineData("#c\n", """[["string","b","x","y"]]""")]
    [InlineData("\n", """[["string","b","x","y"]]""")]
    [InlineData("", """[["string","b","x","y"],["bool","b","t",true]]""")]
    [InlineData("[a]\nk=v\nk=w\n", """[["string","a","k","z"]]""")]
    [InlineData("[a]\nk=v\nk=w\n", """[["remove_key","a","k"]]""")]
    [InlineData("[a]\nk[de]=v\nk=w\nj=1\n", """[["string","a","k","x"],["remove_key","a","j"]]""")]
    [InlineData("#t\n\n[a]\n#c\nk=v\n\n#d\n\n[b]\nj=1\n\n[c]\nz=1\n", """[["remove_group","b"]]""")]
    [InlineData("#t\n\n[a]\n#c\nk=v\n\n#d\n\n[b]\nj=1\n\n[c]\nz=1\n", """[["remove_group","c"],["string","d","k","v"]]""")]
    [InlineData("[core]\nrepo_version=1\nmode=archive-z2\n", """[["string","core","collection-id","org.example.Os"],["list","remote \"origin\"","branches",["main","a;b"]],["bool","remote \"origin\"","gpg-verify",false],["uint64","core","big",18446744073709551615],["int64","core","neg",-9223372036854775808],["double","core","d","0.1"],["double","core","e","1e300"],["double","core","f","-0"],["double","core","g","1e-05"],["double","core","h","100"]]""")]
    public void EditsProduceTheSameBytesAsGLib(string initial, string ops) => AssertSameAsGLib(initial, ops);

    [Theory]
    [InlineData("k=v\n", 1, "Key file does not start with a group")]
    [InlineData("[a]\nbad line\n", 2, "Key file contains line “bad line” which is not a key-value pair, group, or comment")]
    [InlineData("[a]\n=v\n", 2, "Key file contains line “=v” which is not a key-value pair, group, or comment")]
    [InlineData("[a]\n \t=v\n", 2, "Key file contains line “ \t=v” which is not a key-value pair, group, or comment")]
    [InlineData("#\n[a]]\nk=v\n", 2, "Key file contains line “[a]]” which is not a key-value pair, group, or comment")]
    [InlineData("[]\nk=v\n", 1, "Invalid group name: ")]
    [InlineData("[a[b]\n", 1, "Invalid group name: a[b")]
    [InlineData("[a\tb]\n", 1, "Invalid group name: a\tb")]
    [InlineData("[a]\n[k]=v\n", 2, "Invalid key name: [k]")]
    [InlineData("[a]\nk]=v\n", 2, "Invalid key name: k]")]
    [InlineData("[a]\nk[=v\n", 2, "Invalid key name: k[")]
    [InlineData("[a]\nk[x]y=v\n", 2, "Invalid key name: k[x]y")]
    [InlineData("[a]\nk []=v\n", 2, "Invalid key name: k []")]
    [InlineData("[a]\nk[a b]=v\n", 2, "Invalid key name: k[a b]")]
    [InlineData("[a]\n;x\n", 2, "Key file contains line “;x” which is not a key-value pair, group, or comment")]
    [InlineData("\ufeff[a]\n", 1, "Key file contains line “\ufeff[a]” which is not a key-value pair, group, or comment")]
    public void InvalidFilesFailWithLineNumbersAndGLibMessages(string text, int line, string message)
    {
        var e = Assert.Throws<KeyFileFormatException>(() => KeyFile.Parse(text));
        Assert.Equal(line, e.LineNumber);
        Assert.Equal($"{message} (line {line})", e.Message);
        JsonElement glib = DumpWithGLib(Encoding.UTF8.GetBytes(text));
        string glibError = glib.GetProperty("error").GetString()!;
        // GLib truncates names at control characters in its message; compare the common prefix
        Assert.StartsWith(glibError, message);
    }

    [Fact]
    public void TypedGettersFollowGLibParsing()
    {
        var kf = KeyFile.Parse("""
            [a]
            t1=true
            t2=1
            f1=false
            f2=0
            t3=true	
            bad=True
            i1=+5
            i2=010
            i3=5 
            i4=2147483648
            i5=-2147483648
            i6=0x10
            u1=18446744073709551616
            u2=-1
            u3=1 
            l1=-9223372036854775809
            d1=1.5
            d2=inf
            d3=-Infinity
            d4=nan
            d5=0x1.8p1
            d6=1e5
            d7=1.5 
            d8=1,5
            d9=.5
            d10=5.
            d11=1e
            """.Replace("\r", "", StringComparison.Ordinal));
        Assert.True(kf.GetBoolean("a", "t1"));
        Assert.True(kf.GetBoolean("a", "t2"));
        Assert.False(kf.GetBoolean("a", "f1"));
        Assert.False(kf.GetBoolean("a", "f2"));
        Assert.True(kf.GetBoolean("a", "t3"));
        var be = Assert.Throws<KeyFileFormatException>(() => kf.GetBoolean("a", "bad"));
        Assert.Equal("Key file contains key “bad” which has a value that cannot be interpreted. (line 7)", be.Message);
        Assert.Equal(5, kf.GetInt32("a", "i1"));
        Assert.Equal(10, kf.GetInt32("a", "i2"));
        Assert.Equal(5, kf.GetInt32("a", "i3"));
        Assert.Throws<KeyFileFormatException>(() => kf.GetInt32("a", "i4"));
        Assert.Equal(int.MinValue, kf.GetInt32("a", "i5"));
        Assert.Throws<KeyFileFormatException>(() => kf.GetInt32("a", "i6"));
        Assert.Equal(ulong.MaxValue, kf.GetUInt64("a", "u1"));
        Assert.Equal(ulong.MaxValue, kf.GetUInt64("a", "u2"));
        var ue = Assert.Throws<KeyFileFormatException>(() => kf.GetUInt64("a", "u3"));
        Assert.StartsWith("Key “u3” in group “a” has value “1 ” where uint64 was expected", ue.Message);
        Assert.Equal(long.MinValue, kf.GetInt64("a", "l1"));
        Assert.Equal(1.5, kf.GetDouble("a", "d1"));
        Assert.Equal(double.PositiveInfinity, kf.GetDouble("a", "d2"));
        Assert.Equal(double.NegativeInfinity, kf.GetDouble("a", "d3"));
        Assert.True(double.IsNaN(kf.GetDouble("a", "d4")!.Value));
        Assert.Equal(3.0, kf.GetDouble("a", "d5"));
        Assert.Equal(100000.0, kf.GetDouble("a", "d6"));
        Assert.Throws<KeyFileFormatException>(() => kf.GetDouble("a", "d7"));
        Assert.Throws<KeyFileFormatException>(() => kf.GetDouble("a", "d8"));
        Assert.Equal(0.5, kf.GetDouble("a", "d9"));
        Assert.Equal(5.0, kf.GetDouble("a", "d10"));
        Assert.Throws<KeyFileFormatException>(() => kf.GetDouble("a", "d11"));
        Assert.Null(kf.GetBoolean("a", "missing"));
        Assert.Null(kf.GetString("nogroup", "k"));
        Assert.Throws<KeyNotFoundException>(() => kf.GetKeys("nogroup"));
    }

    [Fact]
    public void TypedGettersAgreeWithGLibOnTheSameFile()
    {
        string text = "[a]\nt1=true\nt2=1\nbad=True\ni1=+5\ni2=010\ni3=5 \ni4=2147483648\nu1=18446744073709551616\nu3=1 \nl1=-9223372036854775809\nd1=1.5\nd2=inf\nd5=0x1.8p1\nd7=1.5 \nd9=.5\n";
        string script = """
import sys, json
from gi.repository import GLib
k = GLib.KeyFile(); d = sys.stdin.read(); k.load_from_data(d, len(d.encode()), 0)
out = {}
for key in k.get_keys('a')[0]:
    r = {}
    for name, f in [('b', k.get_boolean), ('i', k.get_integer), ('u', k.get_uint64), ('l', k.get_int64), ('d', k.get_double)]:
        try: r[name] = repr(f('a', key))
        except GLib.Error: r[name] = None
    out[key] = r
print(json.dumps(out))
""";
        var r = TestProcess.RunWithInput(TestProcess.Python, text, "-c", script);
        Assert.True(r.ExitCode == 0, r.StdErr);
        var glib = JsonDocument.Parse(r.StdOut).RootElement;
        var kf = KeyFile.Parse(text);
        static string? Try<T>(Func<T> f, Func<T, string> show)
        {
            try { return show(f()); } catch (KeyFileFormatException) { return null; }
        }

        foreach (JsonProperty p in glib.EnumerateObject())
        {
            string k = p.Name;
            string? G(string n) => p.Value.GetProperty(n).ValueKind == JsonValueKind.Null ? null : p.Value.GetProperty(n).GetString();
            Assert.Equal(G("b"), Try(() => kf.GetBoolean("a", k)!.Value, b => b ? "True" : "False"));
            Assert.Equal(G("i"), Try(() => kf.GetInt32("a", k)!.Value, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(G("u"), Try(() => kf.GetUInt64("a", k)!.Value, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            Assert.Equal(G("l"), Try(() => kf.GetInt64("a", k)!.Value, i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            string? gd = G("d");
            string? od = Try(() => kf.GetDouble("a", k)!.Value, d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(gd is null, od is null);
            if (gd is not null)
            {
                Assert.Equal(double.Parse(gd.Replace("inf", "Infinity", StringComparison.Ordinal), System.Globalization.CultureInfo.InvariantCulture),
                    double.Parse(od!, System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }

    [Fact]
    public void GroupsKeysAndRemoval()
    {
        var kf = KeyFile.Parse("[b]\nx=1\n[a]\ny=2\ny[fr]=deux\n[b]\nz=3\n");
        Assert.Equal(["b", "a"], kf.GetGroups());
        Assert.Equal(["x", "z"], kf.GetKeys("b"));
        Assert.True(kf.HasKey("a", "y[fr]"));
        Assert.True(kf.HasGroup("a"));
        Assert.False(kf.HasGroup("c"));
        Assert.True(kf.RemoveKey("a", "y"));
        Assert.False(kf.RemoveKey("a", "y"));
        Assert.Equal("deux", kf.GetString("a", "y[fr]"));
        Assert.True(kf.RemoveGroup("b"));
        Assert.False(kf.RemoveGroup("b"));
        Assert.Equal("[a]\ny[fr]=deux\n", kf.ToString());
        kf.AddGroup("c");
        kf.AddGroup("c");
        Assert.Equal("[a]\ny[fr]=deux\n\n[c]\n", kf.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData(" k")]
    [InlineData("k ")]
    [InlineData("k=")]
    [InlineData("#k")]
    [InlineData("k\n")]
    [InlineData("k[")]
    [InlineData("k]")]
    [InlineData("k[a b]")]
    public void InvalidKeysAreRejectedOnSet(string key)
    {
        var kf = new KeyFile();
        Assert.Throws<ArgumentException>(() => kf.SetString("g", key, "v"));
        Assert.False(KeyFile.IsValidKeyName(key));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a]")]
    [InlineData("a[")]
    [InlineData("a\nb")]
    [InlineData("a\tb")]
    [InlineData("\u007f")]
    public void InvalidGroupsAreRejectedOnSet(string group)
    {
        var kf = new KeyFile();
        Assert.Throws<ArgumentException>(() => kf.SetString(group, "k", "v"));
        Assert.False(KeyFile.IsValidGroupName(group));
    }

    [Fact]
    public void RoundTripsConfigWrittenByOstreeAndOstreeReadsOurEdits()
    {
        using var dir = new TempDir();
        string repo = dir.Combine("repo");
        TestProcess.Check("ostree", "init", "--repo=" + repo, "--mode=archive");
        TestProcess.Check("ostree", "remote", "add", "--repo=" + repo, "--no-gpg-verify", "origin", "http://example.com/repo", "main", "other");
        TestProcess.Check("ostree", "remote", "add", "--repo=" + repo, "--set=gpg-verify-summary=true", "--collection-id=org.example.Os", "o2", "file:///x");
        TestProcess.Check("ostree", "config", "--repo=" + repo, "set", "core.min-free-space-size", "500MB");
        string config = Path.Combine(repo, "config");
        byte[] original = File.ReadAllBytes(config);

        KeyFile kf = KeyFile.Load(config);
        Assert.Equal(original, kf.ToBytes());
        Assert.Equal("archive-z2", kf.GetString("core", "mode"));
        Assert.Equal(1, kf.GetInt32("core", "repo_version"));
        Assert.Equal(["main", "other"], kf.GetStringList("remote \"origin\"", "branches"));
        Assert.False(kf.GetBoolean("remote \"origin\"", "gpg-verify"));
        Assert.True(kf.GetBoolean("remote \"o2\"", "gpg-verify-summary"));

        kf.SetString("core", "foo", " spaced; value\\");
        kf.SetBoolean("core", "fsync", false);
        kf.SetStringList("remote \"mine\"", "branches", ["x", "y z"]);
        kf.SetString("remote \"mine\"", "url", "https://example.org/r");
        kf.SetBoolean("remote \"mine\"", "gpg-verify", false);
        kf.Save(config);

        Assert.Equal(" spaced; value\\", TestProcess.Check("ostree", "config", "--repo=" + repo, "get", "core.foo").TrimEnd('\n'));
        Assert.Equal("false", TestProcess.Check("ostree", "config", "--repo=" + repo, "get", "core.fsync").Trim());
        Assert.Equal("x;y z;", TestProcess.Check("ostree", "config", "--repo=" + repo, "get", "remote \"mine\".branches").Trim());
        string remotes = TestProcess.Check("ostree", "remote", "list", "--repo=" + repo, "-u");
        Assert.Contains("mine", remotes);
        Assert.Contains("https://example.org/r", remotes);

        // ostree rewrites our file with GLib (dropping blank lines it does not keep); we read its result back
        TestProcess.Check("ostree", "config", "--repo=" + repo, "set", "core.foo", "\\sother");
        Assert.Equal("\\sother", KeyFile.Load(config).GetString("core", "foo")); // ostree escapes with set_string
        Assert.Equal(["x", "y z"], KeyFile.Load(config).GetStringList("remote \"mine\"", "branches"));
        TestProcess.Check("ostree", "config", "--repo=" + repo, "set", "core.bar", "1");
        KeyFile again = KeyFile.Load(config);
        Assert.Equal("1", again.GetString("core", "bar"));
        Assert.Equal(File.ReadAllBytes(config), again.ToBytes());
    }
}
