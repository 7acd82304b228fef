using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using System.Text;
using Conformance.Cli;
using Conformance.Intake;
using Conformance.Tests.TestSupport;

namespace Conformance.Tests.Intake;

/// <summary>
/// Patches as mail brings them: quoted-printable and base64 bodies, attachments, RFC 2047
/// subjects, other charsets, gzip, archive pages saved as HTML, standard input, renames. Every
/// encoding here is written out by hand, not by the library that reads it, and every result is
/// held to the blob id the diff's own index line names.
/// </summary>
public sealed class MailFormTests : TempDirectoryTest
{
    // A file that quoted-printable must escape: '=' signs, trailing blanks, a line past 76
    // columns, and UTF-8 (a non-ASCII author name in a comment).
    private static readonly string[] Lines =
    [
        "// SPDX-License-Identifier: GPL-2.0",
        "// written by Ren\u00e9e, with a line long enough that quoted-printable must break it somewhere in the middle",
        "static int widgets = 0;  ",
        "",
        "int widget_count(void)",
        "{",
        "\treturn widgets == 1 ? 1 : widgets;\t",
        "}",
    ];

    private static string FileText => string.Join('\n', Lines) + "\n";

    private static string CreatingDiff(string path = PatchIntake.PatchedFile)
    {
        var diff = new StringBuilder();
        diff.Append($"diff --git a/{path} b/{path}\nnew file mode 100644\n");
        diff.Append($"index 0000000..{SyntheticPatches.Blob(FileText)[..12]}\n");
        diff.Append($"--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{Lines.Length} @@\n");
        foreach (var line in Lines)
            diff.Append('+').Append(line).Append('\n');
        return diff.ToString();
    }

    private static string Body(string diff) => "Count the widgets.\n\nSigned-off-by: Ren\u00e9e <r@example.org>\n---\n" + diff + "-- \n2.47.0\n";

    // RFC 2045 quoted-printable of UTF-8 text, soft line breaks at 76 columns.
    private static string QuotedPrintable(string text)
    {
        var output = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var encoded = new StringBuilder();
            var bytes = Encoding.UTF8.GetBytes(line);
            for (int i = 0; i < bytes.Length; i++)
            {
                byte b = bytes[i];
                bool last = i == bytes.Length - 1;
                encoded.Append(b == '=' || b > 126 || (b < 32 && b != '\t') || (last && (b == ' ' || b == '\t')) ? $"={b:X2}" : ((char)b).ToString());
            }
            var s = encoded.ToString();
            while (s.Length > 75)
            {
                int cut = 75;
                while (s[cut - 1] == '=' || (cut >= 2 && s[cut - 2] == '='))
                    cut--;                                          // never split an =XX escape
                output.Append(s[..cut]).Append("=\n");
                s = s[cut..];
            }
            output.Append(s).Append('\n');
        }
        return output.ToString()[..^1];
    }

    private static string Base64(byte[] bytes) =>
        string.Join("\n", Convert.ToBase64String(bytes).Chunk(76).Select(c => new string(c))) + "\n";

    private static string Headers(string subject, string more) =>
        "From 0123456789abcdef0123456789abcdef01234567 Mon Sep 17 00:00:00 2001\n" +
        $"From: =?UTF-8?q?Ren=C3=A9e?= <r@example.org>\nSubject: {subject}\nMIME-Version: 1.0\n{more}\n";

    private string Extract(string name, byte[] bytes, params string[] fixes)
    {
        var path = Path.Combine(TempDir, name);
        File.WriteAllBytes(path, bytes);
        var result = PatchIntake.Extract(new PatchSource(path, null), fixes, Path.Combine(TempDir, "out"));
        Assert.That(result.BlobId, Is.EqualTo(SyntheticPatches.Blob(FileText)), "the exact bytes");
        return result.InputForm;
    }

    private string Extracted => File.ReadAllText(Path.Combine(TempDir, "out", PatchIntake.PatchedFile));

    [Test]
    public void AQuotedPrintableFormatPatchMail()
    {
        var mail = Headers("[PATCH] widgets: count them", "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n")
                   + QuotedPrintable(Body(CreatingDiff()));
        Assert.That(mail, Does.Contain("=3D").And.Contain("=20\n").And.Contain("=\n"), "the encoding has work to do");
        Assert.That(Extract("qp.mbox", Encoding.ASCII.GetBytes(mail)), Is.EqualTo("mbox"));
        Assert.That(Extracted, Is.EqualTo(FileText));
    }

    [Test]
    public void ABase64PatchAttachedToAMultipartMailWithAnEncodedSubject()
    {
        var mail = Headers("=?UTF-8?q?=5BPATCH_1/1=5D_widgets=3A_caf=C3=A9?=", "Content-Type: multipart/mixed; boundary=\"XYZ\"\n")
                   + "This is a multi-part message.\n--XYZ\nContent-Type: text/plain; charset=UTF-8\n\nThe patch is attached.\n"
                   + "--XYZ\nContent-Type: text/x-patch; charset=UTF-8; name=\"0001-widgets.patch\"\n"
                   + "Content-Disposition: attachment; filename=\"0001-widgets.patch\"\nContent-Transfer-Encoding: base64\n\n"
                   + Base64(Encoding.UTF8.GetBytes(Body(CreatingDiff()))) + "--XYZ--\n";
        var path = Path.Combine(TempDir, "attached.mbox");
        File.WriteAllText(path, mail);
        var result = PatchIntake.Extract(new PatchSource(path, null), [], Path.Combine(TempDir, "out"));
        Assert.That(result.PatchesTaken, Is.EqualTo(new[] { "[PATCH 1/1] widgets: caf\u00e9" }), "the subject decoded from RFC 2047");
        Assert.That(Extracted, Is.EqualTo(FileText));
    }

    [Test]
    public void AMessageInAnotherCharsetIsReadBackAsUtf8()
    {
        // One message, saved on its own (no mbox From line), its body in ISO-8859-1, 8bit.
        var mail = "From: Renee <r@example.org>\nSubject: [PATCH] widgets\nMIME-Version: 1.0\n" +
                   "Content-Type: text/plain; charset=ISO-8859-1\nContent-Transfer-Encoding: 8bit\n\n" + Body(CreatingDiff());
        Assert.That(Extract("latin1.eml", Encoding.Latin1.GetBytes(mail)), Is.EqualTo("mail message"));
        Assert.That(Extracted, Is.EqualTo(FileText));
    }

    [Test]
    public void AGzippedMbox()
    {
        var mail = Headers("[PATCH] widgets", "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: 8bit\n") + Body(CreatingDiff());
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(mail));
        Assert.That(Extract("series.mbox.gz", packed.ToArray()), Is.EqualTo("gzip-compressed mbox"));
    }

    private static byte[] Gzip(string text)
    {
        using var packed = new MemoryStream();
        using (var gzip = new GZipStream(packed, CompressionLevel.Optimal, leaveOpen: true))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return packed.ToArray();
    }

    // A series of two: the file made, then moved.
    private static (string First, string Second) Series()
    {
        const string Old = "drivers/platform/arm64/mpam/mpam_resctrl.c";
        var rename = $"diff --git a/{Old} b/{PatchIntake.PatchedFile}\nsimilarity index 100%\nrename from {Old}\nrename to {PatchIntake.PatchedFile}\n";
        return (Headers("[PATCH 1/2] widgets", "Content-Type: text/plain; charset=UTF-8\n") + Body(CreatingDiff(Old)) + "\n",
                Headers("[PATCH 2/2] widgets: move them", "Content-Type: text/plain; charset=UTF-8\n") + Body(rename));
    }

    // .NET reads a gzip stream that stops early as if it were whole: a series cut between its
    // messages read as the first alone would build without the second's change.
    [TestCase(4, TestName = "AGzippedSeriesCutShortIsRefused(its length missing)")]
    [TestCase(9, TestName = "AGzippedSeriesCutShortIsRefused(its trailer and a byte missing)")]
    [TestCase(-40, TestName = "AGzippedSeriesCutShortIsRefused(cut at 40%)")]
    public void AGzippedSeriesCutShortIsRefused(int cut)
    {
        var (first, second) = Series();
        var whole = Gzip(first + second);
        var path = Path.Combine(TempDir, "series.mbox.gz");
        File.WriteAllBytes(path, whole[..(cut > 0 ? whole.Length - cut : whole.Length * -cut / 100)]);
        var e = Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(path, null), [], Path.Combine(TempDir, "out")))!;
        Assert.That(e.Message, Does.StartWith(path).And.Contain("a whole gzip stream").And.Contain("cut short"));
        Assert.That(Directory.Exists(Path.Combine(TempDir, "out")), Is.False, "nothing extracted");
    }

    [Test]
    public void ConcatenatedGzipMembersAreReadWhole()
    {
        var (first, second) = Series();
        Assert.That(Extract("series.mbox.gz", [.. Gzip(first), .. Gzip(second)]), Is.EqualTo("gzip-compressed mbox"));
        Assert.That(Extracted, Is.EqualTo(FileText), "the second member's rename applied");
    }

    [Test]
    public void AnArchivePageSavedAsHtml()
    {
        // As pipermail writes a reply: the message in <PRE>, quotes in <I>, addresses obfuscated and linked.
        var reply = new StringBuilder("On Monday, Someone wrote:\n");
        foreach (var line in Body(CreatingDiff()).TrimEnd('\n').Split('\n'))
            reply.Append("<I>&gt; ").Append(WebUtility.HtmlEncode(line.StartsWith(' ') ? " " + line : line)).Append("</I>\n");
        reply.Append("\nLooks fine. <A HREF=\"mailto:r%20at%20example.org\">r at example.org</A>\n");
        var page = "<!DOCTYPE HTML PUBLIC \"-//W3C//DTD HTML 4.01 Transitional//EN\">\n<HTML>\n <HEAD>\n   <TITLE> [PATCH] widgets</TITLE>\n </HEAD>\n" +
                   " <BODY BGCOLOR=\"#ffffff\">\n   <H1>[PATCH] widgets</H1>\n<!--beginarticle-->\n<PRE>" + reply + "</PRE>\n<!--endarticle-->\n</BODY>\n</HTML>\n";
        Assert.That(Extract("page.html", Encoding.UTF8.GetBytes(page)), Is.EqualTo("archive page (HTML) quoting the patch"));
        Assert.That(Extracted, Is.EqualTo(FileText));
    }

    [Test]
    public void ARenameCarriesTheFileItMoves()
    {
        const string Old = "drivers/platform/arm64/mpam/mpam_resctrl.c";
        var rename = $"diff --git a/{Old} b/{PatchIntake.PatchedFile}\nsimilarity index 100%\nrename from {Old}\nrename to {PatchIntake.PatchedFile}\n";
        var mbox = Headers("[PATCH 1/2] widgets", "Content-Type: text/plain; charset=UTF-8\n") + Body(CreatingDiff(Old)) + "\n" +
                   Headers("[PATCH 2/2] widgets: move them", "Content-Type: text/plain; charset=UTF-8\n") + Body(rename);
        Assert.That(Extract("move.mbox", Encoding.UTF8.GetBytes(mbox)), Is.EqualTo("mbox"));
        Assert.That(Extracted, Is.EqualTo(FileText));
    }

    [Test]
    public void ADiffThatChangesTheFileSaysWhatWouldWork()
    {
        var path = Path.Combine(TempDir, "change.diff");
        File.WriteAllText(path, SyntheticPatches.ChangingDiff());
        var e = Assert.Throws<IntakeException>(() => PatchIntake.Extract(new PatchSource(path, null), [], Path.Combine(TempDir, "out")))!;
        Assert.That(e.Message, Does.Contain("--kernel-tree TREE --fix " + path).And.Contain("--patch BASE --fix " + path));
        // And the route it names works: the change applied as a fix on the patch that creates the file.
        var created = Path.Combine(TempDir, "create.diff");
        File.WriteAllText(created, SyntheticPatches.CreatingDiff());
        PatchIntake.Extract(new PatchSource(created, null), [path], Path.Combine(TempDir, "out"));
        Assert.That(Extracted, Is.EqualTo(SyntheticPatches.ChangedText));
    }

    [Test]
    public void StandardInputIsAPatchToo()
    {
        var mail = Headers("[PATCH] widgets", "Content-Type: text/plain; charset=UTF-8\nContent-Transfer-Encoding: quoted-printable\n")
                   + QuotedPrintable(Body(CreatingDiff()));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var a in new[] { typeof(Program).Assembly.Location, "extract", "--patch", "-", "--out", Path.Combine(TempDir, "out") })
            start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        process.StandardInput.Write(mail);
        process.StandardInput.Close();
        var stderr = process.StandardError.ReadToEndAsync();
        Assert.That(process.WaitForExit(60_000), "extract from stdin finishes");
        Assert.That(process.ExitCode, Is.EqualTo(ExitCodes.Conforms), stderr.Result);
        Assert.That(Extracted, Is.EqualTo(FileText));
    }
}
