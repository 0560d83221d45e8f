"""The visit, as plain data and text: the question bank, the question card, what each doctor said, the opinions
side by side and the decision worksheet. No screen and no file here; the store and the screens use these."""
