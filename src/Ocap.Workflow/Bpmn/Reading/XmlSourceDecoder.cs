using System.Text;
using System.Text.RegularExpressions;

namespace Ocap.Workflow.Bpmn;

/// <summary>
/// Turns the uploaded bytes into text before XML parsing: honours a BOM, else the encoding the XML declaration
/// names. Legacy code pages (windows-1252, which several modelling tools write) come from the code-pages provider
/// instance held here, rather than by registering it process-wide: registration is global mutable state that
/// would change how every other library in the host decodes text. Invalid bytes are a located error, never
/// silently replaced.
/// </summary>
internal sealed partial class XmlSourceDecoder
{
    private readonly EncodingProvider _codePages = CodePagesEncodingProvider.Instance;

    /// <summary>Decodes <paramref name="bytes"/>; on failure returns <see langword="null"/> and a diagnostic.</summary>
    public string? Decode(ReadOnlySpan<byte> bytes, out BpmnDiagnostic? problem)
    {
        problem = null;
        Encoding encoding;
        var start = 0;
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            encoding = Strict(new UTF8Encoding(false, true));
            start = 3;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            encoding = new UnicodeEncoding(false, false, true);
            start = 2;
        }
        else if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            encoding = new UnicodeEncoding(true, false, true);
            start = 2;
        }
        else
        {
            var declared = DeclaredEncoding(bytes);
            var chosen = declared is null ? new UTF8Encoding(false, true) : Resolve(declared);
            if (chosen is null)
            {
                problem = new BpmnDiagnostic(BpmnSeverity.Error, "BPMN002",
                    $"The XML declaration names the encoding '{declared}', which this reader does not know.", null, null, 1, 1);
                return null;
            }

            encoding = chosen;
        }

        try
        {
            return encoding.GetString(bytes[start..]);
        }
        catch (DecoderFallbackException e)
        {
            var index = start + Math.Max(0, e.Index);
            var (line, column) = Locate(bytes, Math.Min(index, bytes.Length));
            problem = new BpmnDiagnostic(BpmnSeverity.Error, "BPMN003",
                $"The file is not valid {encoding.WebName}: byte 0x{(index < bytes.Length ? bytes[index] : 0):X2} cannot be decoded.",
                null, null, line, column);
            return null;
        }
    }

    private Encoding? Resolve(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        switch (lower)
        {
            case "utf-8" or "utf8":
                return new UTF8Encoding(false, true);
            case "utf-16" or "utf-16le":
                return new UnicodeEncoding(false, false, true);
            case "utf-16be":
                return new UnicodeEncoding(true, false, true);
            case "us-ascii" or "ascii":
                return Strict(Encoding.ASCII);
            case "iso-8859-1" or "latin1" or "iso_8859-1":
                return Strict(Encoding.Latin1);
        }

        var fromProvider = _codePages.GetEncoding(lower, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
        return fromProvider;
    }

    private static Encoding Strict(Encoding encoding) =>
        Encoding.GetEncoding(encoding.CodePage, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);

    private static string? DeclaredEncoding(ReadOnlySpan<byte> bytes)
    {
        if (!bytes.StartsWith("<?xml"u8))
        {
            return null;
        }

        var end = bytes.IndexOf("?>"u8);
        if (end < 0 || end > 512)
        {
            return null;
        }

        var declaration = Encoding.ASCII.GetString(bytes[..end]);
        var match = EncodingAttribute().Match(declaration);
        return match.Success ? match.Groups[1].Value : null;
    }

    private static (int Line, int Column) Locate(ReadOnlySpan<byte> bytes, int index)
    {
        var line = 1;
        var column = 1;
        for (var i = 0; i < index; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((bytes[i] & 0xC0) != 0x80)
            {
                column++;
            }
        }

        return (line, column);
    }

    [GeneratedRegex("""encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")]
    private static partial Regex EncodingAttribute();
}
