;;; client.el --- Drives Emacs's eglot against rapport-bts lsp --stdio  -*- lexical-binding: t -*-

;; Run by test/emacs/run.mjs: emacs --batch -q -l client.el REPORT.md (no user init file). The report is opened as a
;; student using Emacs would: M-x eglot in a Markdown buffer, then the diagnostics Flymake shows,
;; a quick fix picked from M-x eglot-code-actions, typing on a line with accents and an emoji
;; (eglot counts columns in UTF-16, the LSP default), hover at point, the page lenses (eglot 1.9
;; shows no lenses: they are requested and their command run as eglot runs a server command), and
;; what eglot warned about. Writes one line per check, "PASS\t<id>\t<detail>" or
;; "FAIL\t<id>\t<detail>", to $RAPPORT_EMACS_RESULTS.

(require 'package)
;; Debian's elpa-eglot (and the project, xref, seq it needs) lives here.
(add-to-list 'package-directory-list "/usr/share/emacs/site-lisp/elpa")
(package-initialize)
(require 'cl-lib)
(require 'subr-x)
(require 'flymake)
(require 'eglot)

;; Emacs has no Markdown mode of its own: a minimal one, as markdown-mode would name it, so that
;; eglot sends the languageId "markdown".
(define-derived-mode markdown-mode text-mode "Markdown")

(defconst rb-timeout 20.0)
(defvar rb-results (getenv "RAPPORT_EMACS_RESULTS"))
(defvar rb-warnings nil "What eglot warned about (eglot--warn).")

(defun rb-record (ok id detail)
  (with-temp-buffer
    (insert (format "%s\t%s\t%s\n" (if ok "PASS" "FAIL") id
                    (replace-regexp-in-string "[\t\n]" " " (format "%s" (or detail "")))))
    (write-region (point-min) (point-max) rb-results t 'silent)))

(defun rb-check (id fn)
  "Run FN, which returns (OK . DETAIL); an error fails the check."
  (condition-case err
      (let ((r (funcall fn)))
        (rb-record (car r) id (cdr r))
        (car r))
    (error (rb-record nil id (format "error: %S" err)) nil)))

(defun rb-wait (pred &optional timeout)
  "Let processes and timers run (eglot's didChange, Flymake) until PRED holds or TIMEOUT passes."
  (let ((deadline (+ (float-time) (or timeout rb-timeout))))
    (while (and (not (funcall pred)) (< (float-time) deadline))
      (accept-process-output nil 0.05))
    (funcall pred)))

(defun rb-typed ()
  "Send the buffer's changes as eglot's idle timer does half a second after the typing stops
(batch Emacs runs no idle timers)."
  (eglot--signal-textDocument/didChange))

(defun rb-code (diag)
  (plist-get (cdr (assoc 'eglot-lsp-diag (flymake-diagnostic-data diag))) :code))

(defun rb-diags (&optional code)
  (cl-remove-if-not (lambda (d) (or (null code) (equal (rb-code d) code))) (flymake-diagnostics)))

(defun rb-codes ()
  (string-join (sort (delete-dups (delq nil (mapcar #'rb-code (rb-diags)))) #'string<) ","))

(defun rb-unknown (text)
  "The competence-unknown diagnostic whose message names TEXT."
  (cl-find-if (lambda (d) (string-match-p (regexp-quote text) (flymake-diagnostic-text d)))
              (rb-diags "competence-unknown")))

(defun rb-framed (diag)
  (buffer-substring-no-properties (flymake-diagnostic-beg diag) (flymake-diagnostic-end diag)))

(advice-add 'eglot--warn :before (lambda (fmt &rest args) (push (apply #'format fmt args) rb-warnings)))

(let* ((report (car command-line-args-left))
       (server nil))
  (setq command-line-args-left nil)
  (setq eglot-server-programs
        `((markdown-mode . (,(getenv "RAPPORT_NODE") ,(getenv "RAPPORT_CLI") "lsp" "--stdio"))))
  (setq eglot-sync-connect t
        eglot-connect-timeout 30
        eglot-autoshutdown nil)
  (find-file report)
  (markdown-mode)

  (when (rb-check "start"
                  (lambda ()
                    ;; What M-x eglot does in this buffer.
                    (apply #'eglot (eglot--guess-contact))
                    (setq server (eglot-current-server))
                    (if (and server (jsonrpc-running-p server))
                        (cons t (format "%s, languageId %s"
                                        (plist-get (eglot--server-info server) :name)
                                        (eglot--language-id server)))
                      (cons nil "eglot did not connect"))))

    (rb-check "diagnostics"
              (lambda ()
                (let ((ok (rb-wait (lambda () (and (rb-diags "section-missing") (rb-diags "competence-unknown"))))))
                  (cons ok (format "%s; %s" (rb-codes)
                                   (let ((d (car (rb-diags "section-missing"))))
                                     (and d (flymake-diagnostic-text d))))))))

    (rb-check "accented-columns"
              (lambda ()
                ;; "Cette activité mobilise la compétence C99.": accents before the code.
                (let ((d (rb-unknown "C99")))
                  (if (not d) (cons nil "no competence-unknown for C99")
                    (cons (equal (rb-framed d) "C99")
                          (format "line %d frames \"%s\"" (line-number-at-pos (flymake-diagnostic-beg d)) (rb-framed d)))))))

    (rb-check "code-action"
              (lambda ()
                (let* ((before (length (rb-diags "section-missing")))
                       (d (car (rb-diags "section-missing")))
                       (beg (flymake-diagnostic-beg d))
                       (end (flymake-diagnostic-end d))
                       (titles (mapcar (lambda (a) (plist-get a :title)) (eglot-code-actions beg end)))
                       (all-missing (cl-count-if (lambda (tt) (string-prefix-p "Insérer les" tt)) titles))
                       (lines (count-lines (point-min) (point-max)))
                       (picked nil))
                  ;; M-x eglot-code-actions: the student picks the "Insérer…" action in the minibuffer.
                  (cl-letf (((symbol-function 'completing-read)
                             (lambda (_prompt items &rest _)
                               (setq picked (car (cl-find-if (lambda (it) (string-prefix-p "Insérer" (car it))) items)))
                               picked)))
                    (let ((last-nonmenu-event ?\r))
                      (eglot-code-actions beg end nil t)))
                  (rb-typed)
                  (let* ((added (- (count-lines (point-min) (point-max)) lines))
                         (ok (rb-wait (lambda () (and (< (length (rb-diags "section-missing")) before)
                                                      (rb-diags "competence-unknown"))))))
                    (cons (and ok picked (> added 0) (<= all-missing 1))
                          (format "\"%s\": %d lines added, section-missing %d -> %d; %d action(s) \"Insérer les…\" among %d"
                                  picked added before (length (rb-diags "section-missing")) all-missing (length titles)))))))

    (rb-check "typing"
              (lambda ()
                ;; A new line with accents, a typographic apostrophe and an emoji outside the BMP,
                ;; then an edit after the emoji (incremental didChange, UTF-16 columns).
                (goto-char (point-max))
                (insert "\nÉlève 🎓 à l’atelier : C98 et C16.\n")
                (rb-typed)
                (if (not (rb-wait (lambda () (rb-unknown "C98"))))
                    (cons nil (format "no competence-unknown for C98: %s" (rb-codes)))
                  (let ((d (rb-unknown "C98")))
                    (if (not (equal (rb-framed d) "C98"))
                        (cons nil (format "C98 frames \"%s\"" (rb-framed d)))
                      (save-excursion
                        (goto-char (flymake-diagnostic-beg d))
                        (delete-region (point) (flymake-diagnostic-end d))
                        (insert "C97"))
                      (rb-typed)
                      (if (not (rb-wait (lambda () (and (rb-unknown "C97") (not (rb-unknown "C98"))))))
                          (cons nil (format "C98 -> C97 not seen by the server: %s" (rb-codes)))
                        (let ((e (rb-unknown "C97")))
                          (cons (equal (rb-framed e) "C97")
                                (format "line %d frames \"%s\"" (line-number-at-pos (flymake-diagnostic-beg e)) (rb-framed e))))))))))

    (rb-check "hover"
              (lambda ()
		(goto-char (point-min))
		(if (not (search-forward "Élève 🎓" nil t)) (cons nil "the typed line is not in the buffer")
                  (search-forward "C16")
                  (backward-char 2)
                  ;; What eglot sends for the documentation at point (eldoc).
                  (let* ((reply (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams)))
			 (contents (plist-get reply :contents))
			 (text (if (stringp contents) contents (or (plist-get contents :value) (format "%S" contents)))))
                    (cons (string-match-p (regexp-quote "**C16** —") text) (substring text 0 (min 80 (length text))))))))

    (let (lenses)
      (rb-check "codelens"
		(lambda ()
                  (setq lenses (append (jsonrpc-request server :textDocument/codeLens
							(list :textDocument (eglot--TextDocumentIdentifier)))
                                       nil))
                  (let ((titles (delq nil (mapcar (lambda (l) (plist-get (plist-get l :command) :title)) lenses))))
                    (cons (cl-some (lambda (tt) (string-match-p "p\\." tt)) titles)
                          (format "%d lenses: %s" (length lenses) (string-join titles " | "))))))

      (rb-check "codelens-run"
		(lambda ()
                  ;; The first lens's command, run as eglot runs a server command.
                  (let* ((lens (cl-find-if (lambda (l) (plist-get l :command)) lenses))
			 (command (plist-get lens :command))
			 (shown nil))
                    (if (not command) (cons nil "no lens with a command")
                      (cl-letf* ((orig (symbol-function 'eglot--message))
				 ((symbol-function 'eglot--message)
                                  (lambda (fmt &rest args)
                                    (push (apply #'format fmt args) shown)
                                    (apply orig fmt args))))
			(eglot-execute-command server (intern (plist-get command :command)) (plist-get command :arguments))
			(rb-wait (lambda () (cl-some (lambda (m) (string-match-p "Server reports" m)) shown)) 10))
                      (let ((m (cl-find-if (lambda (m) (string-match-p "Server reports" m)) shown)))
			(cons (and m (string-match-p "p\\." m))
                              (if m (substring m 0 (min 140 (length m))) "no message shown"))))))))

    (rb-check "no-warnings"
              (lambda ()
		;; eglot warns when a server registers a capability the client did not allow
		;; (workspace/didChangeConfiguration, before the server asked first).
		(cons (null rb-warnings)
                      (if rb-warnings (string-join rb-warnings " / ") "eglot warned about nothing"))))

    (rb-check "server-alive"
              (lambda ()
		(cons (jsonrpc-running-p server) (if (jsonrpc-running-p server) "running" "the server exited"))))

    (ignore-errors (eglot-shutdown server))))

(kill-emacs 0)

;;; client.el ends here
