using System.Text;
using OstreeSharp.Fuzz.Engine;
using OstreeSharp.Repository;

namespace OstreeSharp.Fuzz.Targets;

/// <summary>KeyFile.Parse on arbitrary bytes; an accepted file must write out and parse back with the same content.</summary>
public sealed class KeyFileTarget : FuzzTarget
{
    public override string Name => "keyfile";

    public override string Description => "KeyFile.Parse + typed getters; ToBytes/Parse round trip";

    public override bool IsText => true;

    public override int MaxInputLength => 16 * 1024;

    public override IEnumerable<byte[]> Seeds(SeedMaterial material) =>
        material.Get("config").Concat(new[]
        {
            "# comment\n[core]\nrepo_version=1\nmode=bare-user-only\nlock-timeout-secs=30\n\n[remote \"a b\"]\nurl=file:///x\nbranches=a;b;\\;c;\n",
            "[sysroot]\nbootloader=none\nreadonly=true\n[ex-integrity]\ncomposefs=maybe\nname[de_DE]=N\\s\\t\\\\x\n",
        }.Select(Encoding.UTF8.GetBytes));

    public override void Execute(byte[] input)
    {
        var k = KeyFile.Parse(input);
        foreach (string g in k.GetGroups())
        {
            foreach (string key in k.GetKeys(g))
            {
                _ = k.GetValue(g, key);
                Tolerate(() => k.GetString(g, key));
                Tolerate(() => k.GetBoolean(g, key));
                Tolerate(() => k.GetInt32(g, key));
                Tolerate(() => k.GetInt64(g, key));
                Tolerate(() => k.GetUInt64(g, key));
                Tolerate(() => k.GetDouble(g, key));
            }
        }

        byte[] written = k.ToBytes();
        KeyFile back;
        try
        {
            back = KeyFile.Parse(written);
        }
        catch (Exception ex) when (ex is FormatException or OstreeDataException)
        {
            throw new FuzzInvariantException($"keyfile round trip: written file does not parse: {Encoding.UTF8.GetString(written)}", ex);
        }

        if (!back.GetGroups().SequenceEqual(k.GetGroups()))
        {
            throw new FuzzInvariantException("keyfile round trip: groups differ");
        }

        foreach (string g in k.GetGroups())
        {
            foreach (string key in k.GetKeys(g))
            {
                if (back.GetValue(g, key) != k.GetValue(g, key))
                {
                    throw new FuzzInvariantException($"keyfile round trip: [{g}] {key} was '{k.GetValue(g, key)}', became '{back.GetValue(g, key)}'");
                }
            }
        }
    }

    private static void Tolerate(Func<object?> getter)
    {
        try
        {
            _ = getter();
        }
        catch (FormatException)
        {
            // Typed getters reject values of the wrong shape with FormatException-derived errors.
        }
    }
}
