using Hr.Web.Services;
using Xunit;

namespace Hr.Tests;

public class LeaveServiceTests
{
    [Theory]
    [InlineData("2024-11-04", "2024-11-08", 5)]
    [InlineData("2024-11-08", "2024-11-11", 2)]
    [InlineData("2024-11-09", "2024-11-10", 0)]
    public void Counts_working_days(string from, string to, int expected)
    {
        Assert.Equal(expected, LeaveService.CountWorkingDays(DateOnly.Parse(from), DateOnly.Parse(to)));
    }

    [Fact]
    public void Demo_login_uses_the_test_password()
    {
        var login = new { User = "demo.employee", Password = "Test-Only-Pa55" };
        Assert.Equal("demo.employee", login.User);
    }
}
