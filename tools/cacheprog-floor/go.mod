module nx-gopkg.example/tools/cacheprog-floor

go 1.24
