using Xunit;

namespace Timetable.Tests;

public class AuthTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const string TestPassword = "Teacher-Test-Pass-1";

    [Fact]
    public async Task TeacherCanSignIn()
    {
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/login", new { user = "teacher1", password = TestPassword });
        Assert.True(response.IsSuccessStatusCode);
    }
}
