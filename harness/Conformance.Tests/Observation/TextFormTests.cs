using System.Text;
using Conformance.Observation;
using CsCheck;

namespace Conformance.Tests.Observation;

/// <summary>cpulists, canonical domain text, events, rc and errno: the text forms vectors and reports share.</summary>
public sealed class TextFormTests
{
    [TestCase("", "")]
    [TestCase("3", "3")]
    [TestCase("0-3,8,10-11", "0-3,8,10-11")]
    [TestCase("0,1", "0-1")]
    [TestCase("63-64", "63-64")]
    [TestCase("0-127", "0-127")]
    [TestCase("60-70,72,127", "60-70,72,127")]
    [TestCase("64-127", "64-127")]
    [TestCase("0-63,65", "0-63,65")]
    public void CpulistsFormatLikeTheKernel(string parsed, string formatted) =>
        Assert.That(CpuList.Format(CpuList.ParseMask(parsed, 128)), Is.EqualTo(formatted));

    // CPU numbers from the table and past it (4096 and up), and masks past 10,000 CPUs.
    [TestCase("999-1000,4094", 4096, "999-1000,4094")]
    [TestCase("4095", 4096, "4095")]
    [TestCase("4095-4096,9999", 10048, "4095-4096,9999")]
    [TestCase("9998-10001,10047", 10048, "9998-10001,10047")]
    public void CpulistsOfLargeTopologiesFormatLikeTheKernel(string parsed, int nrCpus, string formatted) =>
        Assert.That(CpuList.Format(CpuList.ParseMask(parsed, nrCpus)), Is.EqualTo(formatted));

    // The longest cpulists, after text already in the builder: the most items ("0,2,4,...",
    // every other CPU) and the most bytes (pairs, "0-1,3-4,6-7,..."), of 4096 CPUs (numbers from
    // the table) and of 10,048 (past it, written in decimal).
    [TestCase(64, 2)]
    [TestCase(64, 3)]
    [TestCase(157, 2)]
    [TestCase(157, 3)]
    public void TheLongestCpulistsOfAMaskAreWrittenWhole(int words, int period)
    {
        var mask = new ulong[words];
        for (int cpu = 0; cpu < 64 * words; cpu++)
            if (cpu % period != period - 1)
                CpuMaskBits.Set(mask, cpu);
        var text = new Utf8TextBuilder(16).Append("0:");
        CpuList.Append(text, mask);
        var items = Enumerable.Range(0, (64 * words + period - 1) / period).Select(i => period * i)
            .Select(first => period == 2 || first + 1 >= 64 * words ? $"{first}" : $"{first}-{first + 1}");
        Assert.That(text.ToString(), Is.EqualTo("0:" + string.Join(',', items)));
    }

    /// <summary>
    /// Masks of one to four words, mostly runs that cross words and reach the last CPU: the cpulist
    /// is what a walk of the CPUs one by one writes (runs of two or more as a-b).
    /// </summary>
    [Test]
    public void ACpulistIsWhatAWalkOfTheCpusOneByOneWrites() =>
        Gen.Select(Gen.Int[1, 4], Gen.Int[0, 3]).SelectMany((words, kind) => Gen.ULong.Array[words].Select(random => kind switch
        {
            0 => random,
            1 => random.Select(w => w | 0x8000_0000_0000_0001UL).ToArray(),             // runs across every word boundary
            2 => random.Select(w => ~w & ~w << 1).ToArray(),                             // few set bits
            _ => random.Select((w, i) => i % 2 == 0 ? ~0UL : w).ToArray(),               // whole words set
        })).Sample(mask => Assert.That(CpuList.Format(mask), Is.EqualTo(Walked(mask))));

    // A kept cpulist edited from one mask to the next: each case's text was worked out by hand
    // from the case's CPUs, the edit's kind in the name.
    [TestCase("0-3,8", "0-4,8", TestName = "A CPU after a run lengthens it")]
    [TestCase("0-3,8", "0-3,7-8", TestName = "A CPU before a lone CPU makes a run")]
    [TestCase("0-3,8", "0-3,5,8", TestName = "A CPU between items is an item of its own")]
    [TestCase("0-3,5-8", "0-8", TestName = "A CPU between two runs joins them")]
    [TestCase("2,5", "0,2,5", TestName = "A CPU before every item goes first")]
    [TestCase("2,5", "2,5,9", TestName = "A CPU after every item goes last")]
    [TestCase("", "63", TestName = "A CPU of an empty mask is the whole list")]
    [TestCase("0-3,8", "0-1,3,8", TestName = "A CPU out of a run splits it")]
    [TestCase("0-3,8", "0-2,8", TestName = "The last CPU out of a run shortens it")]
    [TestCase("0-3,8", "0-3", TestName = "The last item out takes the comma before it")]
    [TestCase("0,4,8", "4,8", TestName = "The first item out takes the comma after it")]
    [TestCase("0,4,8", "0,8", TestName = "A middle item out takes one comma")]
    [TestCase("5", "", TestName = "The only item out leaves nothing")]
    [TestCase("0-1,10-11,20-21,30-31", "0-1,12,15,30-31", TestName = "Items out and in at once are replaced together")]
    [TestCase("62-65,127", "62,64-65,127", TestName = "A run across words split at the word's last CPU")]
    [TestCase("0-127", "0-127", TestName = "The same mask leaves the text")]
    public void AKeptCpulistIsEditedWhereTheMaskChanged(string before, string after)
    {
        var kept = new KeptCpuList();
        Assert.That(Encoding.UTF8.GetString(kept.Of(CpuList.ParseMask(before, 128))), Is.EqualTo(before));
        Assert.That(Encoding.UTF8.GetString(kept.Of(CpuList.ParseMask(after, 128))), Is.EqualTo(after));
        Assert.That(Encoding.UTF8.GetString(kept.Last), Is.EqualTo(after));
    }

    /// <summary>
    /// A kept cpulist given mask after mask, each a few CPUs flipped, a word rewritten, a range
    /// set or cleared, or a new mask, of one to four words or of 4096 CPUs: every text is what a
    /// walk of the CPUs writes. An edit that left an item's place in the text wrong shows in a
    /// later edit's text.
    /// </summary>
    [Test]
    public void AKeptCpulistGivenMaskAfterMaskIsEachMasksCpulist()
    {
        var change = Gen.Select(Gen.Int[0, 4], Gen.Int[0, int.MaxValue], Gen.Int[0, int.MaxValue], Gen.ULong);
        Gen.Select(Gen.OneOf(Gen.Int[1, 4], Gen.Const(64)), change.Array[1, 40]).Sample((words, changes) =>
        {
            var kept = new KeptCpuList();
            var mask = new ulong[words];
            int cpus = 64 * words;
            Assert.That(Encoding.UTF8.GetString(kept.Of(mask)), Is.EqualTo(""));
            foreach (var (kind, a, b, bits) in changes)
            {
                int from = a % cpus, to = Math.Min(cpus - 1, from + b % 70);
                switch (kind)
                {
                    case 0:
                        mask[from >> 6] ^= 1UL << (from & 63);
                        break;
                    case 1:
                        mask[from >> 6] ^= 1UL << (from & 63);
                        mask[to >> 6] ^= 1UL << (to & 63);
                        break;
                    case 2:
                        mask[from >> 6] = bits;
                        break;
                    case 3:
                        for (int cpu = from; cpu <= to; cpu++)
                            mask[cpu >> 6] = (bits & 1) == 0 ? mask[cpu >> 6] & ~(1UL << (cpu & 63)) : mask[cpu >> 6] | 1UL << (cpu & 63);
                        break;
                    default:
                        for (int w = 0; w < words; w++)
                            mask[w] = bits * (ulong)(w + 1) ^ (ulong)a;
                        break;
                }
                Assert.That(Encoding.UTF8.GetString(kept.Of(mask)), Is.EqualTo(Walked(mask)));
            }
        });
    }

    private static string Walked(ulong[] mask)
    {
        var items = new List<string>();
        int cpus = mask.Length * 64;
        for (int cpu = 0; cpu < cpus; cpu++)
        {
            if (!CpuMaskBits.Test(mask, cpu))
                continue;
            int last = cpu;
            while (last + 1 < cpus && CpuMaskBits.Test(mask, last + 1))
                last++;
            items.Add(last > cpu ? $"{cpu}-{last}" : $"{cpu}");
            cpu = last;
        }
        return string.Join(',', items);
    }

    [TestCase(0, "0")]
    [TestCase(9, "9")]
    [TestCase(10, "10")]
    [TestCase(999, "999")]
    [TestCase(1000, "1000")]
    [TestCase(9999, "9999")]
    [TestCase(10000, "10000")]
    [TestCase(-1, "-1")]
    [TestCase(int.MinValue, "-2147483648")]
    public void NumbersAreWrittenInDecimalEitherSideOfTheShortPath(int value, string text) =>
        Assert.That(new Utf8TextBuilder(16).Append('[').Append(value).Append(']').ToString(), Is.EqualTo($"[{text}]"));

    [TestCase(7UL, "7")]
    [TestCase(2147483647UL, "2147483647")]
    [TestCase(2147483648UL, "2147483648")]
    [TestCase(ulong.MaxValue, "18446744073709551615")]
    public void CountersAreWrittenInDecimalPastAnInt(ulong value, string text) =>
        Assert.That(new Utf8TextBuilder(16).Append(value).ToString(), Is.EqualTo(text));

    [Test]
    public void ABuilderGrowsPastItsCapacityKeepingWhatItHeld()
    {
        var text = new Utf8TextBuilder(16);
        for (int i = 0; i < 100; i++)
            text.Append(i).Append(',');
        Assert.That(text.ToString(), Is.EqualTo(string.Concat(Enumerable.Range(0, 100).Select(i => $"{i},"))));
    }

    [TestCase("1,", 2, "a CPU number")]
    [TestCase("1-x", 2, "a CPU number")]
    [TestCase("1;2", 1, "',' or '-' or the end of the cpulist")]
    public void MalformedCpulistsSayWhereAndWhat(string text, int offset, string expected)
    {
        var e = Assert.Throws<TextFormatException>(() => CpuList.ParseItems(text));
        Assert.That(e!.Offset, Is.EqualTo(offset));
        Assert.That(e.Expected, Is.EqualTo(expected));
    }

    [Test]
    public void ACpuPastTheMaskIsReportedAtItsItem()
    {
        var e = Assert.Throws<TextFormatException>(() => CpuList.ParseMask("0-3,9", 8));
        Assert.That(e!.Offset, Is.EqualTo(4));
    }

    // A listing read back from text holds a mask as long as its highest CPU needs, not 4096 bits:
    // a report reads thousands of them.
    [TestCase("", 0)]
    [TestCase("0-3", 1)]
    [TestCase("63", 1)]
    [TestCase("64", 2)]
    [TestCase("5,200-130", 4)]
    [TestCase("4095", 64)]
    public void AFittedMaskIsAsLongAsItsHighestCpuNeeds(string text, int words)
    {
        var fitted = CpuList.ParseFittedMask(text, CpuMaskBits.MaxCpus);
        Assert.That(fitted, Has.Length.EqualTo(words));
        Assert.That(fitted, Is.EqualTo(CpuList.ParseMask(text, CpuMaskBits.MaxCpus).Take(words)), "the same CPUs as the whole mask");
    }

    [Test]
    public void AFittedMaskStillRefusesACpuPastTheLimit()
    {
        var e = Assert.Throws<TextFormatException>(() => CpuList.ParseFittedMask("0-3,9", 8));
        Assert.That(e!.Offset, Is.EqualTo(4));
    }

    [Test]
    public void DownRangesAreAnOrderOfCpus() =>
        Assert.That(CpuList.Sequence(CpuList.ParseItems("7-4,0")), Is.EqualTo(new[] { 7, 6, 5, 4, 0 }));

    [Test]
    public void AnyMaskSurvivesFormatAndParse() =>
        Gen.ULong.Array[1, 4].Sample(words =>
        {
            int nr = words.Length * 64;
            Assert.That(CpuList.ParseMask(CpuList.Format(words), nr), Is.EqualTo(words));
        });

    [TestCase("-")]
    [TestCase("L3[]")]
    [TestCase("L3[0:0-3 1:4-7] MBA~[]")]
    [TestCase("L3[-1:0 7:] L2[3:1!type=1,rid=0] PERF_PKG~[2:5,9]")]
    [TestCase("L3[0:0-3 1:4-7]{0:0-3 1:4-7} MBA[0:0-7]")]
    [TestCase("L3~+cdp[]{0:1 4:2!type=0,rid=0}")]
    [TestCase("L3[0:1]{}")]
    public void CanonicalDomainTextRoundTrips(string text) =>
        Assert.That(DomainListing.Parse(text, ResourceProfile.Default).Format(ResourceProfile.Default), Is.EqualTo(text));

    [TestCase("L4[]", 0, "a resource name")]
    [TestCase("MBA[] L3[]", 6, "resources in enum order")]
    [TestCase("L3[1:0 0:1]", 7, "domain ids in ascending order")]
    [TestCase("L3[0:0-x]", 7, "a CPU number")]
    [TestCase("L3[0:1", 6, "']'")]
    [TestCase("L3[0:1]  L2[]", 8, "a resource name")]
    [TestCase("L3[0:1!typo=1]", 7, "'type='")]
    [TestCase("L3[]{0:1 0:2}", 9, "domain ids in ascending order")]
    [TestCase("L3[]{0:1", 8, "'}'")]
    public void MalformedDomainTextSaysWhereAndWhat(string text, int offset, string expected)
    {
        var e = Assert.Throws<TextFormatException>(() => DomainListing.Parse(text, ResourceProfile.Default));
        Assert.That(e!.Offset, Is.EqualTo(offset));
        Assert.That(e.Expected, Does.StartWith(expected));
    }

    [Test]
    public void GeneratedCanonicalTextRoundTripsAndMatchesItsSnapshot()
    {
        var domain = Gen.Select(Gen.Int[0, 3], Gen.ULong.Array[1]);
        var resource = Gen.Select(Gen.Bool, domain.Array[0, 3], Gen.Bool);
        resource.Array[5].Sample(resources =>
        {
            var snapshot = new StateSnapshot(ResourceProfile.Default);
            snapshot.Begin(64);
            foreach (var (mapped, domains, capable) in resources)
            {
                ref var r = ref snapshot.AddResource();
                r.ClassMapped = mapped;
                r.AllocCapable = capable;
                int id = 0;
                foreach (var (gap, mask) in domains)
                {
                    id += gap + 1;
                    if (mapped)
                        mask.CopyTo(snapshot.AddDomain(id, DomainType.Control, r.Rid, 0));
                }
            }
            snapshot.CountDomainCpus();
            string text = DomainText.Format(snapshot);
            var listing = DomainListing.Parse(text, ResourceProfile.Default);
            Assert.That(listing.Format(ResourceProfile.Default), Is.EqualTo(text));
            Assert.That(listing.Matches(snapshot), Is.True, text);
        });
    }

    [Test]
    public void EventsReadAndWriteTheSameText()
    {
        const string text = "online_ctrl_domain(L3,1) offline_ctrl_domain(MBA,-2) online_cpu(5) offline_cpu(0)";
        var events = EventText.ParseList(text, ResourceProfile.Default);
        Assert.That(events[1], Is.EqualTo(new ExpectedEvent(FsEventKind.OfflineCtrlDomain, 2, -2, -1)));
        Assert.That(EventText.FormatList(events, ResourceProfile.Default), Is.EqualTo(text));
        Assert.That(EventText.ParseList("-", ResourceProfile.Default), Is.Empty);
        var e = Assert.Throws<TextFormatException>(() => EventText.ParseList("online_cpu(5) boot(1)", ResourceProfile.Default));
        Assert.That(e!.Offset, Is.EqualTo(14));
    }

    [Test]
    public void MonitorDomainsAndTheFilesystemsRegistrationAreEventsToo()
    {
        const string text = "resctrl_init() online_mon_domain(L3,0) offline_mon_domain(L3,0) resctrl_exit()";
        var events = EventText.ParseList(text, ResourceProfile.Default);
        Assert.That(events, Is.EqualTo(new[]
        {
            new ExpectedEvent(FsEventKind.ResctrlInit, -1, -1, -1), new ExpectedEvent(FsEventKind.OnlineMonDomain, 0, 0, -1),
            new ExpectedEvent(FsEventKind.OfflineMonDomain, 0, 0, -1), new ExpectedEvent(FsEventKind.ResctrlExit, -1, -1, -1),
        }));
        Assert.That(EventText.FormatList(events, ResourceProfile.Default), Is.EqualTo(text));
    }

    [TestCase("0", 0)]
    [TestCase("-EINVAL", -22)]
    [TestCase("-EOPNOTSUPP", -95)]
    [TestCase("-ENOMEM", -12)]
    [TestCase("not-run", 1)]
    [TestCase("65536", 65536)]
    [TestCase("-7", -7)]
    public void ReturnCodesParse(string text, int value) => Assert.That(RcText.Parse(text), Is.EqualTo(value));

    [Test]
    public void ReturnCodesFormatByKind()
    {
        Assert.That(RcText.Format(-22, RcKind.Status), Is.EqualTo("-EINVAL"));
        Assert.That(RcText.Format(1, RcKind.Status), Is.EqualTo("not-run"));
        Assert.That(RcText.Format(1, RcKind.Value), Is.EqualTo("1"));
        Assert.That(RcText.Format(-4095, RcKind.Status), Is.EqualTo("-4095"));
        Assert.Throws<TextFormatException>(() => RcText.Parse("-EWHAT"));
    }

    [Test]
    public void ErrnoValuesAreTheKernels()
    {
        var expected = new Dictionary<string, int>
        {
            ["EPERM"] = 1, ["ENOENT"] = 2, ["EIO"] = 5, ["ENOMEM"] = 12, ["EFAULT"] = 14, ["EBUSY"] = 16,
            ["EEXIST"] = 17, ["ENODEV"] = 19, ["EINVAL"] = 22, ["ENOSPC"] = 28, ["EOPNOTSUPP"] = 95, ["ENOTSUPP"] = 524,
        };
        foreach (var (name, value) in expected)
        {
            Assert.That(Errno.TryParse(name, out int v) && v == value, Is.True, name);
            Assert.That(Errno.NameOf(value), Is.EqualTo(name));
        }
        Assert.That(Errno.Names, Is.Unique);
    }

    [Test]
    public void CdpIsAFlagAfterTheNameAndTheTilde()
    {
        var listing = DomainListing.Parse("L3+cdp[0:0-3] MBA~+cdp[]", ResourceProfile.Default);
        Assert.That(listing.Resources.Select(r => (r.AllocCapable, r.CdpEnabled)), Is.EqualTo(new[] { (true, true), (false, true) }));
        Assert.That(listing.Format(ResourceProfile.Default), Is.EqualTo("L3+cdp[0:0-3] MBA~+cdp[]"));
        Assert.That(DomainListing.Parse("L3[0:0-3]", ResourceProfile.Default).Resources[0].CdpEnabled, Is.False);
        var e = Assert.Throws<TextFormatException>(() => DomainListing.Parse("L3+mon[]", ResourceProfile.Default));
        Assert.That(e!.Offset, Is.EqualTo(2));
    }
}
