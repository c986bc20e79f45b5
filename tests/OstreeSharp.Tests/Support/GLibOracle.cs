using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OstreeSharp.Tests.Support;

/// <summary>
/// Black-box GLib GVariant oracle: ONE long-lived <c>/usr/bin/python3</c> helper (python3-gi) per test run,
/// speaking JSON lines over stdin/stdout. Thread-safe (requests are serialised).
/// </summary>
public sealed class GLibOracle : IDisposable
{
    private const string PythonPath = "/usr/bin/python3";

    private const string Script = """
import sys, json
import gi
gi.require_version('GLib', '2.0')
from gi.repository import GLib

def from_hex(t, h):
    return GLib.Variant.new_from_bytes(GLib.VariantType.new(t), GLib.Bytes.new(bytes.fromhex(h)), False)

def handle(req):
    op = req['op']
    if op == 'serialize':
        t = req.get('type')
        v = GLib.Variant.parse(GLib.VariantType.new(t) if t else None, req['text'], None, None)
        return {'hex': v.get_data_as_bytes().get_data().hex(), 'type': v.get_type_string()}
    if op == 'print':
        return {'text': from_hex(req['type'], req['hex']).print_(req['annotate'])}
    if op == 'normal':
        v = from_hex(req['type'], req['hex'])
        return {'normal': v.is_normal_form()}
    if op == 'byteswap':
        return {'hex': from_hex(req['type'], req['hex']).byteswap().get_data_as_bytes().get_data().hex()}
    if op == 'ping':
        return {'pong': True}
    raise ValueError('unknown op ' + op)

for line in sys.stdin:
    try:
        resp = handle(json.loads(line))
    except Exception as e:
        resp = {'error': str(e)}
    sys.stdout.write(json.dumps(resp) + '\n')
    sys.stdout.flush()
""";

    private static readonly Lazy<(GLibOracle? Oracle, string? Problem)> s_shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly Process _process;
    private readonly Lock _lock = new();

    private GLibOracle(Process process) => _process = process;

    /// <summary>
    /// The shared oracle, or <see langword="null"/> when python3-gi is unavailable. With env <c>CI=true</c> a missing oracle
    /// fails the calling test instead.
    /// </summary>
    public static GLibOracle? TryGet(out string? problem)
    {
        (GLibOracle? oracle, problem) = s_shared.Value;
        if (oracle is null && string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"GLib oracle unavailable (CI=true): {problem}. Install it with 'apt-get install -y python3-gi'.");
        }

        return oracle;
    }

    private static (GLibOracle?, string?) Start()
    {
        if (!File.Exists(PythonPath))
        {
            return (null, $"{PythonPath} not found");
        }

        string scriptPath = Path.Combine(Path.GetTempPath(), $"ostreesharp-glib-oracle-{Environment.ProcessId}.py");
        File.WriteAllText(scriptPath, Script);
        var psi = new ProcessStartInfo(PythonPath, ["-u", scriptPath])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            Process p = Process.Start(psi)!;
            p.StandardInput.AutoFlush = true;
            var oracle = new GLibOracle(p);
            JsonObject pong = oracle.Request(new JsonObject { ["op"] = "ping" });
            if (pong["pong"] is null)
            {
                return (null, $"python3-gi helper did not answer: {pong.ToJsonString()} {p.StandardError.ReadToEnd()}");
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => oracle.Dispose();
            return (oracle, null);
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"python3-gi helper failed to start: {e.Message}");
        }
    }

    public JsonObject Request(JsonObject request)
    {
        lock (_lock)
        {
            _process.StandardInput.WriteLine(request.ToJsonString());
            string? line = _process.StandardOutput.ReadLine();
            if (line is null)
            {
                throw new InvalidOperationException("GLib oracle exited: " + _process.StandardError.ReadToEnd());
            }

            return JsonNode.Parse(line)!.AsObject();
        }
    }

    /// <summary>GLib's serialization of <paramref name="text"/> parsed as <paramref name="type"/> (null type: inferred), or null + error.</summary>
    public (string? Hex, string? Type, string? Error) Serialize(string? type, string text)
    {
        JsonObject r = Request(new JsonObject { ["op"] = "serialize", ["type"] = type, ["text"] = text });
        return r["error"] is JsonNode e ? (null, null, e.GetValue<string>()) : (r["hex"]!.GetValue<string>(), r["type"]!.GetValue<string>(), null);
    }

    /// <summary><c>g_variant_print</c> of the given bytes.</summary>
    public string Print(string type, ReadOnlySpan<byte> data, bool annotate)
    {
        JsonObject r = Request(new JsonObject { ["op"] = "print", ["type"] = type, ["hex"] = Hex.Format(data), ["annotate"] = annotate });
        return r["error"] is JsonNode e ? throw new InvalidOperationException(e.GetValue<string>()) : r["text"]!.GetValue<string>();
    }

    /// <summary><c>g_variant_is_normal_form</c> of the given bytes.</summary>
    public bool IsNormalForm(string type, ReadOnlySpan<byte> data)
    {
        JsonObject r = Request(new JsonObject { ["op"] = "normal", ["type"] = type, ["hex"] = Hex.Format(data) });
        return r["error"] is JsonNode e ? throw new InvalidOperationException(e.GetValue<string>()) : r["normal"]!.GetValue<bool>();
    }

    /// <summary><c>g_variant_byteswap</c> of the given bytes (hex).</summary>
    public string Byteswap(string type, ReadOnlySpan<byte> data)
    {
        JsonObject r = Request(new JsonObject { ["op"] = "byteswap", ["type"] = type, ["hex"] = Hex.Format(data) });
        return r["error"] is JsonNode e ? throw new InvalidOperationException(e.GetValue<string>()) : r["hex"]!.GetValue<string>();
    }

    public void Dispose()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                if (!_process.WaitForExit(2000))
                {
                    _process.Kill();
                }
            }
        }
        catch (InvalidOperationException)
        {
        }

        _process.Dispose();
    }
}
