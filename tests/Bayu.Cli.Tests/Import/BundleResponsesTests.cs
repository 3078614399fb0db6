using System.Net;
using System.Text;
using Bayu.Cli.Import;

namespace Bayu.Cli.Tests.Import;

public class BundleResponsesTests
{
    [Fact]
    public void GivenABatchResponseWithAFailedEntry_WhenRead_ThenOnlyThatEntryFailsWithTheOutcomeText()
    {
        var body = """
            {"resourceType":"Bundle","type":"batch-response","entry":[
              {"response":{"status":"201 Created"}},
              {"response":{"status":"422 Unprocessable Entity","outcome":{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"invalid","diagnostics":"Patient.gender: unknown code 'x'"}]}}}
            ]}
            """;

        var outcomes = BundleResponses.Read(HttpStatusCode.OK, Encoding.UTF8.GetBytes(body), 2);

        Assert.True(outcomes[0].Succeeded);
        Assert.False(outcomes[1].Succeeded);
        Assert.Equal("422 Unprocessable Entity", outcomes[1].Status);
        Assert.Equal("Patient.gender: unknown code 'x'", outcomes[1].Reason);
    }

    [Fact]
    public void GivenARefusedTransaction_WhenRead_ThenEveryEntryFailsForTheSameReason()
    {
        var body = """{"resourceType":"OperationOutcome","issue":[{"severity":"error","code":"not-found","details":{"text":"reference Patient/x cannot be resolved"}}]}""";

        var outcomes = BundleResponses.Read(HttpStatusCode.BadRequest, Encoding.UTF8.GetBytes(body), 3);

        Assert.Equal(3, outcomes.Count);
        Assert.All(outcomes, o => Assert.Equal(("400", "reference Patient/x cannot be resolved"), (o.Status, o.Reason)));
    }

    [Fact]
    public void GivenAnAnswerThatIsNotFhir_WhenRead_ThenTheStatusIsTheReason()
    {
        var outcomes = BundleResponses.Read(HttpStatusCode.BadGateway, Encoding.UTF8.GetBytes("<html>bad gateway</html>"), 1);

        Assert.Equal("unexpected answer 502 BadGateway", Assert.Single(outcomes).Reason);
    }

    [Fact]
    public void GivenAResponseWithTooFewEntries_WhenRead_ThenEveryEntryFails()
    {
        var body = """{"resourceType":"Bundle","type":"batch-response","entry":[{"response":{"status":"200 OK"}}]}""";

        var outcomes = BundleResponses.Read(HttpStatusCode.OK, Encoding.UTF8.GetBytes(body), 2);

        Assert.All(outcomes, o => Assert.False(o.Succeeded));
    }
}
