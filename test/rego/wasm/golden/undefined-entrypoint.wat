;; undefined entrypoint
(func $__gpc_init (local i32×1)
  i32.const 1088
  call $rt_reserve
  drop
  i32.const 1036
  i32.const 0
  i32.const 49
  memory.init 1
  data.drop 1
  i32.const 0
  i32.const 1067
  i32.const 9
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1036
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  i32.store offset=1032
  i32.const 1076
  i32.const 9
  call $rt_json_parse
  local.tee 0
  i32.eqz
  if
    i32.const 1036
    call $rt_abort
    drop
    unreachable
  end
  local.get 0
  call $rt_set_entrypoints
  drop
)
(func $__gpc_eval (param i32 i32 i32) (result i32)
  i32.const 0
  call $rt_memo_reset
  drop
  block
    block
      local.get 0
      br_table 0 1
    end
    local.get 1
    local.get 2
    call $t.u
    return
  end
  i32.const 0
)
(func $t.u (param i32 i32) (result i32) (local i32×2)
  block
    local.get 0
    i32.const 0
    i32.load offset=1032
    call $rt_dot
    local.tee 3
    i32.eqz
    br_if 0
    local.get 3
    local.set 2
  end
  local.get 2
)
