from secondop_tui.cli import main

raise SystemExit(main())
