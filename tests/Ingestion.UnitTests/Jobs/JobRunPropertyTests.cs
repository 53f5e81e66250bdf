using CsCheck;
using Ingestion.Grains.Jobs;
using Ingestion.Jobs;

namespace Ingestion.UnitTests.Jobs;

/// <summary>
/// Thousands of runs of every kind of source, their pages ending in random orders, some failing, some reports repeated,
/// some jobs cancelled half way: the counts always add up, no page is out twice, and every job ends exactly once with
/// every page of its source accounted for.
/// </summary>
public sealed class JobRunPropertyTests
{
    private static readonly Gen<int?> Sometimes = Gen.Frequency((4, Gen.Const((int?)null)), (1, Gen.Int[0, 200].Select(step => (int?)step)));

    private static readonly Gen<(string Kind, int Pages, int Concurrency, int Seed, int FailEvery, bool Repeat, int? CancelAt, int? Budget)> Runs =
        Gen.Select(
            Gen.OneOf(SimulatedSource.Kinds),
            Gen.Int[0, 60],
            Gen.Int[1, 8],
            Gen.Int,
            Gen.Int[0, 5],
            Gen.Bool,
            Sometimes,
            Sometimes.Select(budget => budget % 6));

    [Fact]
    public void Every_run_keeps_its_counts_hands_out_no_page_twice_and_ends_exactly_once() =>
        Runs.Sample(run =>
        {
            var (kind, pages, concurrency, seed, failEvery, repeat, cancelAt, budget) = run;
            var source = new SimulatedSource(kind, pages);
            var random = new Random(seed);
            bool Fails(int page) => failEvery > 0 && page % failEvery == 0;
            var driver = new JobRunDriver(source, new JobRun(Guid.NewGuid(), source.NewJob(concurrency, failure: new FailureSpec { MaxFailedPages = budget, FailFast = false }), failFastPages: 10), random.Next, Fails);

            driver.RunToEnd(repeatReport: repeat ? _ => random.Next(4) == 0 : null, cancelAtStep: cancelAt);

            Assert.Empty(driver.Violations);
            Assert.Equal(1, driver.Finishes);
            if (driver.Status is not JobStatus.Cancelled && driver.StopCause is null)
            {
                // Every page of the source ended once, and none past it counts.
                Assert.Equal(source.ExpectedTotal(Fails), driver.Counts.Total);
                Assert.Equal(driver.Counts.Total, driver.Counts.Succeeded + driver.Counts.Failed);
            }
        }, iter: 2_000);
}
