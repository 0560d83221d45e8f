"""What the tests share to drive the app and wait on it: the terminal driver, the wait helper and the clock."""
