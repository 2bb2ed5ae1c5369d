package greeting

import "testing"

func TestRender(t *testing.T) {
	got, err := Render("plain", "ada lovelace")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hello, Ada Lovelace!"; got != want {
		t.Fatalf("Render = %q, want %q", got, want)
	}
	if _, err := Render("whisper", "x"); err == nil {
		t.Fatal("want an error for an unknown style")
	}
}
