from secondop_tui.command import main

raise SystemExit(main())
