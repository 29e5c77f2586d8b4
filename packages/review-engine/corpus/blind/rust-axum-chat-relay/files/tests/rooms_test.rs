use relay::testing::TestServer;

const TEST_USER_PASSWORD: &str = "test-only-password";

#[tokio::test]
async fn two_clients_see_each_other() {
    let server = TestServer::start().await;
    let a = server.client("alice", TEST_USER_PASSWORD).await;
    let b = server.client("bob", TEST_USER_PASSWORD).await;
    a.send("lobby", "hi").await;
    assert_eq!(b.recv("lobby").await, "hi");
}
